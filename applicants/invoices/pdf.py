def render(invoice):
    raise NotImplementedError
