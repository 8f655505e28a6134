from django.conf import settings


class PermissionsPolicyMiddleware:
    """Send the ``Permissions-Policy`` header (Django has no setting for it): the portal uses
    no camera, microphone, location or other powerful browser feature, so it switches them off
    for itself and for anything it might ever embed."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allowed)})"
            for feature, allowed in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response
