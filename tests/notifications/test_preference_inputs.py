"""The settings page's radio buttons, written by core.rendering: the same <input> as Django's
own `radio.tag`, checked state, ids and hostile values included."""

from django import forms

from notifications.templatetags.preference_inputs import radio_input


class Choice(forms.Form):
    how = forms.ChoiceField(
        widget=forms.RadioSelect(attrs={"data-x": '"><script>'}),
        choices=[("kakaotalk", "카카오톡"), ("site", "사이트에서만"), ('a"b', "<따옴표>")],
    )


def test_each_radio_is_what_django_writes():
    for data in (None, {"how": "site"}, {"how": 'a"b'}):
        form = Choice(data, initial={"how": "kakaotalk"}, prefix="p")
        for radio in form["how"]:
            assert radio_input(radio) == radio.tag()
