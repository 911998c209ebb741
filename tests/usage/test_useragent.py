"""모바일 기기 정보(OS 버전 및 모델명) from real Korean-market User-Agent strings."""

import pytest

from usage.useragent import parse_user_agent

CASES = [
    (  # Galaxy S23 Ultra, Samsung Internet
        "Mozilla/5.0 (Linux; Android 14; SM-S918N) AppleWebKit/537.36 (KHTML, like Gecko) "
        "SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36",
        "Android 14 / SM-S918N",
    ),
    (  # Galaxy in KakaoTalk's in-app browser (WebView)
        "Mozilla/5.0 (Linux; Android 13; SM-A536N Build/TP1A.220624.014; wv) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Version/4.0 Chrome/119.0.6045.163 Mobile Safari/537.36 "
        "KAKAOTALK 10.4.3",
        "Android 13 / SM-A536N",
    ),
    (  # Chrome's reduced UA: the model is hidden as "K"
        "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/124.0.0.0 Mobile Safari/537.36",
        "Android 10",
    ),
    (  # iPhone Safari
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
        "iOS 17.5 / iPhone",
    ),
    (  # iPhone KakaoTalk in-app browser
        "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6_1 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Mobile/15E148 KAKAOTALK 10.3.5",
        "iOS 16.6 / iPhone",
    ),
    (  # iPhone NAVER app
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Mobile/15E148 NAVER(inapp; search; 2000; 12.1.5; 15PRO)",
        "iOS 17.1 / iPhone",
    ),
    (  # Windows Chrome
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/126.0.0.0 Safari/537.36",
        "Windows 10 / PC",
    ),
    (  # Windows Whale (NAVER)
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/124.0.0.0 Whale/3.26.244.21 Safari/537.36",
        "Windows 10 / PC",
    ),
    (  # Mac Safari
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.4.1 Safari/605.1.15",
        "macOS 10.15.7 / Mac",
    ),
    ("", "기타"),
    ("curl/8.5.0", "기타"),
]


@pytest.mark.parametrize(("ua", "expected"), CASES)
def test_os_and_model_from_korean_market_user_agents(ua, expected):
    assert str(parse_user_agent(ua)) == expected
