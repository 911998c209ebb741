"""The notices app's models, classified for the registry check: none holds personal data."""

from privacy.notices.models import Entrustment, Notice, PolicyVersion
from privacy.registry.registry import registry

registry.declare_non_personal(
    PolicyVersion, "published privacy policy texts and their dates; the same for every member"
)
registry.declare_non_personal(Notice, "public notice board posts written by staff or the service")
registry.declare_non_personal(
    Entrustment, "the company's processors (수탁자) and their tasks, as the policy publishes them"
)
