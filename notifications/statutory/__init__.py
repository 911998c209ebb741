"""The notices the company owes a member under the privacy law and its own policy: a rights
request received and its result (개인정보 보호법 제35조~제38조: within 10 days), and a privacy
policy change 7 days before it takes effect (개인정보처리방침 '개인정보 처리방침의 변경').

Privacy sits below notifications and may not import it, so privacy sends signals
(privacy.api: rights_request_received, rights_request_completed, policy_version_published) and
this package answers them (receivers.py, connected in NotificationsConfig.ready). The policy
change goes to every member, so it is a fan-out in batches (policy.py), run by the daily job
(notifications.tasks) and, for a version published on its notice day, by a task right after
the publication commits. These kinds cannot be switched off in the member's settings
(messaging.preferences); KakaoTalk still needs the member's consent."""
