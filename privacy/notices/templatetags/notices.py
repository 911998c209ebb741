"""For the policy page (privacy/policy.html), whose view belongs to the privacy app: the
version in force and the entrustment table, read where they are shown."""

from django import template

from privacy.notices.selectors import entrustments_list, policy_in_force

register = template.Library()


@register.simple_tag
def policy_version_in_force():
    """The version in force (name, effective date), or None while none is published."""
    return policy_in_force()


@register.simple_tag
def entrustments():
    return entrustments_list()
