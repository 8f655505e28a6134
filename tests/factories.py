import factory

from faq.models import Category, Question
from trainings.models import Track


class TrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Track

    name = factory.Sequence(lambda n: f"Track {n}")
    slug = factory.Sequence(lambda n: f"track-{n}")
    summary = factory.LazyAttribute(lambda track: f"What {track.name} teaches.")
    audience = "People who work with couples."
    position = factory.Sequence(int)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")
    position = factory.Sequence(int)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    category = factory.SubFactory(CategoryFactory)
    question = factory.Sequence(lambda n: f"Question number {n}?")
    slug = factory.Sequence(lambda n: f"question-{n}")
    answer = "An answer in plain words."
    position = factory.Sequence(int)
    is_published = True
