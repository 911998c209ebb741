"""A stand-in for Kakao Login that speaks the real endpoints' HTTP.

Mounted only when KAKAO_FAKE is on (the embedded default and tests; refused in production).
It is stateless apart from a single-use mark on codes: authorization codes and access tokens
are signed payloads, so any process serving the app can answer for the fake.

Endpoints and shapes follow Kakao's REST API:
- GET  {kauth}/oauth/authorize  consent screen, then redirect with ?code= or ?error=access_denied
- POST {kauth}/oauth/token      {"access_token", "token_type": "bearer", ...} or
                                {"error", "error_description", "error_code": "KOE..."}
- GET  {kapi}/v2/user/me        {"id", "connected_at", "kakao_account": {...}} or
                                {"msg", "code": -401}
- POST {kapi}/v1/user/unlink    (admin key) {"id"} or {"msg", "code": -101 | -401 | -1}
- POST /fake-kakao/control/unlink-callback  sends Kakao's unlink callback to the app
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import requests
from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core.cache import CacheUnavailable

CODE_SALT = "fake-kakao.code"
TOKEN_SALT = "fake-kakao.token"  # noqa: S105 - a signing salt, not a secret
CODE_MAX_AGE = 10 * 60  # Kakao's authorization codes live 10 minutes.
TOKEN_MAX_AGE = 6 * 60 * 60
CALLBACK_PATH = "/accounts/kakao/login/callback/"


@dataclass(frozen=True)
class TestPerson:
    kakao_id: int
    name: str
    phone: str  # as Kakao sends it


TEST_PEOPLE = [
    TestPerson(4100000001, "김지원", "+82 10-2846-1357"),
    TestPerson(4100000002, "박서준", "+82 10-7712-4490"),
    TestPerson(4100000003, "이하늘", "+82 10-3158-9024"),
]


def kakao_id_for_phone(phone: str) -> int:
    # A typed-in person keeps the same Kakao id on every sign-in, like a real Kakao account.
    digest = hashlib.sha256(phone.encode()).hexdigest()
    return 5_000_000_000 + int(digest[:12], 16) % 1_000_000_000


def to_kakao_phone(domestic: str) -> str:
    digits = "".join(ch for ch in domestic if ch.isdigit())
    return f"+82 {digits[1:3]}-{digits[3:-4]}-{digits[-4:]}"


class ConsentForm(forms.Form):
    person = forms.ChoiceField(required=False)
    custom_name = forms.CharField(required=False, max_length=50, label="이름")
    custom_phone = forms.RegexField(
        required=False,
        regex=r"^01[016789]-?\d{3,4}-?\d{4}$",
        label="전화번호",
        error_messages={"invalid": "전화번호는 010-1234-5678 형식으로 입력해 주세요."},
    )
    share_phone = forms.BooleanField(required=False, initial=True)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(p.kakao_id), p.name) for p in TEST_PEOPLE] + [("custom", "직접 입력")]
        self.fields["person"].choices = choices

    def clean(self):
        data = super().clean()
        if data.get("person") == "custom":
            if not data.get("custom_name", "").strip():
                self.add_error("custom_name", "이름을 입력해 주세요.")
            if not data.get("custom_phone"):
                self.add_error("custom_phone", "전화번호를 입력해 주세요.")
        elif not data.get("person"):
            raise forms.ValidationError("로그인할 사람을 골라 주세요.")
        return data

    def chosen(self) -> TestPerson:
        data = self.cleaned_data
        if data["person"] == "custom":
            phone = to_kakao_phone(data["custom_phone"])
            return TestPerson(kakao_id_for_phone(phone), data["custom_name"].strip(), phone)
        return next(p for p in TEST_PEOPLE if str(p.kakao_id) == data["person"])


def _error_page(request: HttpRequest, code: str, message: str) -> HttpResponse:
    return render(request, "fake_kakao/error.html", {"code": code, "message": message}, status=400)


def _redirect_back(redirect_uri: str, params: dict) -> HttpResponseRedirect:
    separator = "&" if "?" in redirect_uri else "?"
    return HttpResponseRedirect(redirect_uri + separator + urlencode(params))


@require_http_methods(["GET", "POST"])
def authorize(request: HttpRequest) -> HttpResponse:
    params = request.GET if request.method == "GET" else request.POST
    client_id = params.get("client_id", "")
    redirect_uri = params.get("redirect_uri", "")
    state = params.get("state", "")
    scope = params.get("scope", "")
    if client_id != settings.KAKAO_CLIENT_ID:
        return _error_page(request, "KOE101", "앱 키가 올바르지 않습니다.")
    if urlsplit(redirect_uri).path != CALLBACK_PATH:
        return _error_page(request, "KOE006", "등록되지 않은 Redirect URI입니다.")
    if request.method == "GET" and params.get("response_type") != "code":
        return _error_page(request, "KOE001", "잘못된 요청입니다 (response_type).")

    if request.method == "POST" and "cancel" in request.POST:
        return _redirect_back(
            redirect_uri,
            {"error": "access_denied", "error_description": "User denied access", "state": state},
        )

    form = ConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        person = form.chosen()
        granted = [
            s for s in scope.split() if s != "phone_number" or form.cleaned_data["share_phone"]
        ]
        code = signing.dumps(
            {
                "id": person.kakao_id,
                "name": person.name,
                "phone": person.phone,
                "scopes": granted,
                "client_id": client_id,
                "redirect_uri": redirect_uri,
                "nonce": secrets.token_hex(8),
            },
            salt=CODE_SALT,
        )
        return _redirect_back(redirect_uri, {"code": code, "state": state})

    return render(
        request,
        "fake_kakao/authorize.html",
        {
            "form": form,
            "people": TEST_PEOPLE,
            "client_id": client_id,
            "redirect_uri": redirect_uri,
            "state": state,
            "scope": scope,
        },
    )


def _token_error(error: str, description: str, code: str, status: int = 400) -> JsonResponse:
    return JsonResponse(
        {"error": error, "error_description": description, "error_code": code}, status=status
    )


@csrf_exempt
@require_http_methods(["POST"])
def token(request: HttpRequest) -> JsonResponse:
    data = request.POST
    if data.get("grant_type") != "authorization_code":
        return _token_error("unsupported_grant_type", "grant_type is invalid", "KOE001")
    if data.get("client_id") != settings.KAKAO_CLIENT_ID:
        return _token_error("invalid_client", "Bad client credentials", "KOE101", 401)
    if settings.KAKAO_CLIENT_SECRET and data.get("client_secret") != settings.KAKAO_CLIENT_SECRET:
        return _token_error("invalid_client", "Bad client credentials", "KOE010", 401)
    raw_code = data.get("code", "")
    not_found = f"authorization code not found for code={raw_code[:16]}"
    try:
        payload = signing.loads(raw_code, salt=CODE_SALT, max_age=CODE_MAX_AGE)
    except signing.BadSignature:
        return _token_error("invalid_grant", not_found, "KOE320")
    # Codes are single-use, as at Kakao.
    used_key = "fake-kakao:code:" + hashlib.sha256(raw_code.encode()).hexdigest()
    try:
        reused = not cache.add(used_key, 1, CODE_MAX_AGE)
    except CacheUnavailable:
        # Without Redis the fake cannot remember codes; it still signs people in (the fault
        # drills sign in with Redis down), as real Kakao, which keeps its own state, would.
        reused = False
    if reused:
        return _token_error("invalid_grant", not_found, "KOE320")
    if payload["redirect_uri"] != data.get("redirect_uri") or payload["client_id"] != data.get(
        "client_id"
    ):
        return _token_error("invalid_grant", "redirect_uri mismatch.", "KOE303")
    access_token = signing.dumps(
        {k: payload[k] for k in ("id", "name", "phone", "scopes")}, salt=TOKEN_SALT
    )
    return JsonResponse(
        {
            "token_type": "bearer",
            "access_token": access_token,
            "expires_in": 21599,
            "refresh_token": secrets.token_urlsafe(32),
            "refresh_token_expires_in": 5183999,
            "scope": " ".join(payload["scopes"]),
        }
    )


def _bearer_payload(request: HttpRequest) -> dict | None:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    try:
        return signing.loads(header[7:], salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None


@csrf_exempt
@require_http_methods(["GET", "POST"])
def user_me(request: HttpRequest) -> JsonResponse:
    payload = _bearer_payload(request)
    if payload is None:
        return JsonResponse({"msg": "this access token does not exist", "code": -401}, status=401)
    scopes = set(payload["scopes"])
    account: dict = {
        "name_needs_agreement": "name" not in scopes,
        "phone_number_needs_agreement": "phone_number" not in scopes,
    }
    if "name" in scopes:
        account["name"] = payload["name"]
    if "phone_number" in scopes:
        account["phone_number"] = payload["phone"]
    # Kakao also sends profile and email when those scopes are granted; include them so that
    # tests prove we drop what the policy does not list.
    account.update(
        {
            "profile_nickname_needs_agreement": False,
            "profile": {"nickname": f"{payload['name']}닉네임", "is_default_nickname": False},
            "has_email": True,
            "email_needs_agreement": False,
            "is_email_valid": True,
            "is_email_verified": True,
            "email": f"kakao{payload['id']}@example.invalid",
        }
    )
    return JsonResponse(
        {
            "id": payload["id"],
            "connected_at": timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
            "properties": {"nickname": f"{payload['name']}닉네임"},
            "kakao_account": account,
        }
    )


# --- Unlink -------------------------------------------------------------------------------
# POST {kapi}/v1/user/unlink with the admin key and target_id_type=user_id&target_id=...:
# {"id": <user id>}; an id no longer linked answers -101, as Kakao does. What was unlinked
# (and how many calls came) is kept in the cache, so any process serving the fake agrees.

UNLINKED_KEY = "fake-kakao:unlinked:{}"
CALLS_KEY = "fake-kakao:unlink-calls:{}"
# Set by a test or the control endpoint: the next unlink call answers 500 (Kakao's -1).
FAIL_NEXT_KEY = "fake-kakao:unlink-fail-next"
STATE_TTL = 24 * 60 * 60


def _admin_key_ok(request: HttpRequest) -> bool:
    expected = f"KakaoAK {settings.KAKAO_ADMIN_KEY}".encode()
    return bool(settings.KAKAO_ADMIN_KEY) and hmac.compare_digest(
        request.headers.get("Authorization", "").encode(), expected
    )


def unlink_calls(kakao_id) -> int:
    return cache.get(CALLS_KEY.format(kakao_id), 0)


@csrf_exempt
@require_http_methods(["POST"])
def user_unlink(request: HttpRequest) -> JsonResponse:
    if not _admin_key_ok(request):
        return JsonResponse({"msg": "wrong appKey(adminKey) format", "code": -401}, status=401)
    if request.POST.get("target_id_type") != "user_id" or not request.POST.get("target_id"):
        return JsonResponse({"msg": "target_id is required", "code": -2}, status=400)
    kakao_id = request.POST["target_id"]
    calls = CALLS_KEY.format(kakao_id)
    cache.add(calls, 0, STATE_TTL)
    cache.incr(calls)
    if cache.get(FAIL_NEXT_KEY):
        cache.delete(FAIL_NEXT_KEY)
        return JsonResponse({"msg": "internal error", "code": -1}, status=500)
    if not cache.add(UNLINKED_KEY.format(kakao_id), 1, STATE_TTL):
        return JsonResponse({"msg": "NotRegisteredUserException", "code": -101}, status=400)
    return JsonResponse({"id": int(kakao_id) if kakao_id.isdigit() else kakao_id})


class UnlinkCallbackForm(forms.Form):
    user_id = forms.CharField(max_length=32)
    referrer_type = forms.ChoiceField(
        choices=[
            (t, t)
            for t in (
                "UNLINK_FROM_APPS",
                "ACCOUNT_DELETE",
                "FORCED_ACCOUNT_DELETE",
                "UNLINK_FROM_ADMIN",
                "INCOMPLETE_SIGN_UP",
            )
        ]
    )


@csrf_exempt
@require_http_methods(["POST"])
def send_unlink_callback(request: HttpRequest) -> JsonResponse:
    """Control endpoint: Kakao calls our unlink callback, as when a person ends the link in
    Kakao's settings or deletes their Kakao account (POST user_id, referrer_type)."""
    form = UnlinkCallbackForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors}, status=400)
    response = requests.post(
        settings.KAKAO_UNLINK_CALLBACK_URL,
        headers={"Authorization": f"KakaoAK {settings.KAKAO_ADMIN_KEY}"},
        data={"app_id": "fake-app", **form.cleaned_data},
        timeout=3,
        allow_redirects=False,  # Kakao counts a redirect as a failure
    )
    return JsonResponse({"status": response.status_code})
