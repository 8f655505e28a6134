from faq.views.contact import contact, sent
from faq.views.questions import question_list

__all__ = ["contact", "question_list", "sent"]
