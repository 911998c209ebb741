"""What publishing a policy version tells the layers above privacy (which privacy may not
import): notifications tells every member, in-app and by KakaoTalk, 7 days before the version
takes effect. Sent explicitly by privacy.notices.services.policy_version_publish inside its
transaction, with plain values (see privacy.rights.signals for why signals here).

    policy_version_published(sender=PolicyVersion, version="2026-12-10",
                             effective_date=date(2026, 12, 10), published_at=<aware datetime>)
"""

from django.dispatch import Signal

policy_version_published = Signal()
