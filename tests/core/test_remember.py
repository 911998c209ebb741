"""`{% remember %}` writes a fragment of the frame from memory (core.templatetags.remember):
what it writes can only come from the values named on the tag, never from the page, so one
member's page cannot leak into another's; and it answers what rendering afresh would."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import override_settings
from django.urls import path, reverse, set_script_prefix

from core.templatetags import remember

LOAD = "{% load remember %}"


def render(source: str, **context) -> str:
    return Template(LOAD + source).render(Context(context))


def test_the_body_sees_only_the_values_named_on_the_tag():
    source = "{% remember here=here %}[{{ here }}|{{ name }}|{{ user.name }}]{% endremember %}"

    first = render(source, here="home", name="김지원", user={"name": "김지원"})
    second = render(source, here="home", name="박서준", user={"name": "박서준"})

    assert first == second == "[home||]"


def test_each_combination_of_values_is_its_own_fragment():
    source = (
        "{% remember here=here %}<a href=\"{% url 'home:home' %}\""
        '{% if here == "home" %} aria-current="page"{% endif %}>홈</a>{% endremember %}'
    )
    home = render(source, here="home")
    profile = render(source, here="profiles")

    assert home == f'<a href="{reverse("home:home")}" aria-current="page">홈</a>'
    assert profile == f'<a href="{reverse("home:home")}">홈</a>'
    assert render(source, here="home") == home  # from memory


def test_a_remembered_fragment_is_not_rendered_again(monkeypatch):
    template = Template(LOAD + "{% remember %}{{ n }}{% endremember %}")
    node = template.nodelist.get_nodes_by_type(remember.RememberNode)[0]
    calls = []
    original = node.nodelist.render
    monkeypatch.setattr(node.nodelist, "render", lambda c: calls.append(1) or original(c))

    for _ in range(3):
        template.render(Context())

    assert len(calls) == 1


def test_tags_that_depend_on_the_page_refuse_to_be_remembered():
    with pytest.raises(TemplateSyntaxError, match="csrf_token"):
        Template(LOAD + "{% remember %}{% csrf_token %}{% endremember %}")
    with pytest.raises(TemplateSyntaxError, match="block"):
        Template(LOAD + "{% remember %}{% block x %}{% endblock %}{% endremember %}")
    with pytest.raises(TemplateSyntaxError, match="name=value"):
        Template(LOAD + "{% remember here %}{% endremember %}")


def test_a_value_that_is_not_plain_is_rendered_afresh_each_time():
    class Counter:
        n = 0

        def __str__(self):
            Counter.n += 1
            return str(Counter.n)

    source = "{% remember thing=thing %}{{ thing }}{% endremember %}"
    thing = Counter()

    assert render(source, thing=thing) == "1"
    assert render(source, thing=thing) == "2"


def test_escaping_follows_the_page():
    source = "{% remember email=email %}{{ email }}{% endremember %}"

    assert render(source, email="<a>") == "&lt;a&gt;"
    assert (
        Template(LOAD + "{% autoescape off %}" + source + "{% endautoescape %}").render(
            Context({"email": "<a>"})
        )
        == "<a>"
    )


def test_a_script_prefix_or_a_swapped_urlconf_is_not_answered_from_the_old_memory():
    source = "{% remember %}{% url 'home:landing' %}{% endremember %}"
    template = Template(LOAD + source)
    assert template.render(Context()) == "/"
    set_script_prefix("/lifemento/")
    try:
        assert template.render(Context()) == "/lifemento/"
    finally:
        set_script_prefix("/")
    with override_settings(ROOT_URLCONF=__name__):
        assert Template(LOAD + "{% remember %}{% url 'only-here' %}{% endremember %}").render(
            Context()
        ) == ("/elsewhere/")


urlpatterns = [path("elsewhere/", lambda request: None, name="only-here")]


def test_the_tab_bar_marks_the_page_it_is_on(client, member):
    client.force_login(member)

    home = client.get(reverse("home:home")).content.decode()
    profile = client.get(reverse("profiles:detail")).content.decode()

    assert f'<a href="{reverse("home:home")}" aria-current="page">홈</a>' in home
    assert f'<a href="{reverse("profiles:detail")}" aria-current="page">프로필</a>' in profile
    assert f'<a href="{reverse("home:home")}" aria-current="page">' not in profile
