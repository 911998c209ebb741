"""The KakaoTalk messages sent (or not sent) to the member, listed for them from the privacy
centre: what the company did with their phone number, as the message log records it."""
