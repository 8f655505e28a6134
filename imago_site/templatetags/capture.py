from django import template

register = template.Library()


@register.tag
def capture(parser, token):
    """``{% capture name %}…{% endcapture %}`` renders what it encloses into the variable
    ``name`` instead of the page, for a template to show it more than once: base.html shows
    each page's title block in ``<title>`` and in the link preview's ``og:title``. The text is
    kept as rendered, escaped where the template escapes, and is not escaped again."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"'{bits[0]}' takes the name of a variable.")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(bits[1], nodelist)


class CaptureNode(template.Node):
    def __init__(self, name, nodelist):
        self.name = name
        self.nodelist = nodelist

    def render(self, context):
        context[self.name] = self.nodelist.render(context)
        return ""
