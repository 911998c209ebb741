"""The member's notification settings page (/notifications/settings/): KakaoTalk on or off per
group. The rules and the model are messaging's (messaging.preferences); this is the page."""
