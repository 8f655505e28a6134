"""schema.org description of the FAQ page (JSON-LD), for search engines."""

from django.urls import reverse

from faq.markdown import answer_text


def faq_page(questions, request):
    """A FAQPage whose main entities are ``questions``, each with its answer as plain text."""
    url = request.build_absolute_uri(reverse("faq:list"))
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "url": url,
        "mainEntity": [
            {
                "@type": "Question",
                "@id": f"{url}#{question.slug}",
                "name": question.question,
                "acceptedAnswer": {"@type": "Answer", "text": answer_text(question.answer)},
            }
            for question in questions
        ],
    }
