"""gunicorn's logs through the portal's filter of personal data.

A status link is a path (``/applications/<token>/``), so an access log line would carry the
token that opens someone's application. Started with
``--logger-class imago_site.access_log.Logger``, gunicorn writes its access log (when
``--access-logfile`` turns it on) and its error log through ``HidePersonalData``, as the
portal's own logs are.
"""

from gunicorn.glogging import Logger as GunicornLogger

from imago_site.log_filters import HidePersonalData


class Logger(GunicornLogger):
    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.access_log, self.error_log):
            log.addFilter(HidePersonalData())
