"""The quarterly self-audit (자체 감사).

개인정보처리방침: "정기적(분기 1회)으로 자체 감사를 실시"."""
