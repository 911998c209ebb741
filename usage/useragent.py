"""OS version and device model from a User-Agent, for the common Korean-market patterns.

Only what the policy names (모바일 기기 정보: OS 버전 및 모델명); the rest of the string (browser
build, in-app browser versions, languages) is not kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ANDROID = re.compile(r"Android (\d+(?:\.\d+)?)(?:\.\d+)*(?:; ([^;)]*))?")
_IOS = re.compile(r"\((iPhone|iPad|iPod)(?:; [^)]*?)? OS (\d+)_(\d+)")
_WINDOWS = re.compile(r"Windows NT (\d+\.\d+)")
_MAC = re.compile(r"Mac OS X (\d+)[_.](\d+)(?:[_.](\d+))?")
_WINDOWS_NAMES = {"10.0": "10", "6.3": "8.1", "6.2": "8", "6.1": "7"}
# Reduced User-Agent strings (Chrome 110+) put "K" where the model was; a locale or a browser
# word is no model either.
_NOT_A_MODEL = re.compile(r"^(K|U|wv|[a-z]{2}[-_][A-Za-z]{2}|Mobile|Tablet)?$")


@dataclass(frozen=True)
class Device:
    os: str
    model: str

    def __str__(self) -> str:
        return f"{self.os} / {self.model}" if self.model else self.os


def parse_user_agent(ua: str) -> Device:
    ua = ua[:512]
    if m := _ANDROID.search(ua):
        model = (m.group(2) or "").split(" Build/")[0].strip()
        return Device(f"Android {m.group(1)}", "" if _NOT_A_MODEL.match(model) else model[:60])
    if m := _IOS.search(ua):
        minor = f".{m.group(3)}" if m.group(3) else ""
        return Device(f"iOS {m.group(2)}{minor}", m.group(1))
    if m := _WINDOWS.search(ua):
        return Device(f"Windows {_WINDOWS_NAMES.get(m.group(1), m.group(1))}", "PC")
    if m := _MAC.search(ua):
        version = ".".join(p for p in m.groups() if p)
        return Device(f"macOS {version}", "Mac")
    return Device("기타", "")
