"""A fake NHN Cloud KakaoTalk Bizmessage provider, for the embedded default and the tests.

It speaks the real HTTP (알림톡 v2.3 and 브랜드 메시지 v1.0) under /fake-kakaotalk/, holds
messaging/approved/ as its approved templates, "delivers" by the recipient number's last four
digits (provider.py), posts signed MESSAGE_RESULT_UPDATE webhooks (hooks.py), and fails on
purpose when its plan says so (control.py). /fake-kakaotalk/ shows every message it received
as a phone would. Installed only when KAKAOTALK_FAKE is on; settings refuse that in production.
"""
