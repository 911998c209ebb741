"""`{% url %}` remembers its reverses (core.templatetags.url_memo, decision 0027): it must answer
exactly what Django's reverse() answers, in every form the tag takes, and forget when the
URLconf is swapped."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import override_settings
from django.urls import NoReverseMatch, path, reverse

from core.templatetags import url_memo


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_a_literal_name_gives_what_reverse_gives():
    assert render("{% url 'home:home' %}") == reverse("home:home")
    assert render("{% url 'home:home' %}") == reverse("home:home")  # from memory


def test_arguments_and_keyword_arguments_are_part_of_the_answer():
    first = render("{% url 'experiences:detail' 7 %}")
    second = render("{% url 'experiences:detail' pk %}", pk=8)
    named = render("{% url 'experiences:detail' pk=9 %}")

    assert first == reverse("experiences:detail", args=[7])
    assert second == reverse("experiences:detail", args=[8])
    assert named == reverse("experiences:detail", kwargs={"pk": 9})


def test_a_model_instance_or_lazy_argument_is_reversed_as_before():
    class Thing:
        def __str__(self):
            return "11"

    assert render("{% url 'experiences:detail' thing %}", thing=Thing()) == reverse(
        "experiences:detail", args=["11"]
    )


def test_as_variable_and_escaping_work_as_in_django():
    assert render("{% url 'home:home' as there %}[{{ there }}]") == f"[{reverse('home:home')}]"
    assert render("{% url 'no-such-page' as there %}[{{ there }}]") == "[]"


def test_an_unknown_name_still_raises():
    with pytest.raises(NoReverseMatch):
        render("{% url 'no-such-page' %}")
    with pytest.raises(TemplateSyntaxError):
        Template("{% url %}")


urlpatterns = [path("elsewhere/home/", lambda request: None, name="only-here")]


def test_a_swapped_urlconf_is_not_answered_from_the_old_memory():
    assert render("{% url 'home:landing' %}") == "/"
    with override_settings(ROOT_URLCONF=__name__):
        assert render("{% url 'only-here' %}") == "/elsewhere/home/"
        with pytest.raises(NoReverseMatch):
            render("{% url 'home:landing' %}")
    assert render("{% url 'home:landing' %}") == "/"


def test_the_memory_is_bounded():
    assert url_memo._reverse.cache_info().maxsize == url_memo.MEMORY_SIZE
