from faq.views.contact import contact
from faq.views.questions import question_list

__all__ = ["contact", "question_list"]
