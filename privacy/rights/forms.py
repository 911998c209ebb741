"""Forms of the rights requests: the member's, the proxy's (public, with a 위임장), and the
officer's steps (pause, complete, refuse)."""

from __future__ import annotations

import io
import os
import tempfile

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile

from core.forms import KoreanForm, korean_field_messages
from privacy.rights.models import FILABLE_KINDS, HoldPurpose, ProxyRelation, RightsKind
from privacy.rights.steps import default_objection

ATTORNEY_MAX_BYTES = 10 * 1024 * 1024
ATTORNEY_MAX_LABEL = "10MB"
# What the first bytes must be, by the extension the file claims: a renamed file is refused.
ATTORNEY_TYPES = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
}
REUPLOAD_NOTE = "보안을 위해 첨부한 위임장은 다시 보내지 않아요. 위임장 파일을 다시 골라 주세요."


class EncryptedSpool(io.RawIOBase):
    """A write-once, read-back file on disk whose bytes are AES-CTR ciphertext under a key that
    lives only in this object: a 위임장 is spooled out of memory, yet its plaintext never
    touches the disk (it is encrypted again, under the member's or the request's data key,
    before it is stored). The file is anonymous (unlinked at creation) and gone at close.

    CTR needs no padding and streams chunk by chunk; integrity is not its job here, the key
    and the file both die with the request and the bytes are checked again after reading."""

    def __init__(self) -> None:
        super().__init__()
        self._key, self._nonce = os.urandom(32), os.urandom(16)
        self._disk = tempfile.TemporaryFile(dir=settings.FILE_UPLOAD_TEMP_DIR)  # noqa: SIM115
        self._encryptor = self._cipher().encryptor()
        self._decryptor = None
        self.size = 0

    def _cipher(self) -> Cipher:
        return Cipher(algorithms.AES(self._key), modes.CTR(self._nonce))

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def append(self, data: bytes) -> None:
        self._disk.write(self._encryptor.update(data))
        self.size += len(data)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        # Reading always starts again from the top; nothing here needs more.
        if (offset, whence) != (0, io.SEEK_SET):
            raise io.UnsupportedOperation("an encrypted spool rewinds only to its start")
        self._disk.flush()
        self._disk.seek(0)
        self._decryptor = self._cipher().decryptor()
        return 0

    def tell(self) -> int:
        return self._disk.tell()

    def readinto(self, buffer) -> int:
        if self._decryptor is None:
            self.seek(0)
        data = self._decryptor.update(self._disk.read(len(buffer)))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._disk.close()
            self._key = b""
        super().close()


class AttorneyUploadHandler(FileUploadHandler):
    """Accept the one file part the proxy form expects, spooled to disk only as ciphertext
    (EncryptedSpool); every other file part is skipped unread into memory. At most `limit + 1`
    bytes are kept; the reported size is the real one, so the form can refuse a file that is
    too big. The request's total size is capped before the body is read (core.urlguard)."""

    def __init__(
        self, request=None, *, field_name: str = "attorney", limit: int = ATTORNEY_MAX_BYTES
    ) -> None:
        super().__init__(request)
        self.expected_field, self.limit = field_name, limit
        self.spool: EncryptedSpool | None = None

    def new_file(self, field_name, *args, **kwargs) -> None:
        if field_name != self.expected_field or self.spool is not None:
            raise SkipFile
        super().new_file(field_name, *args, **kwargs)
        self.spool = EncryptedSpool()
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int):
        self.received += len(raw_data)
        room = self.limit + 1 - self.spool.size
        if room > 0:
            self.spool.append(raw_data[:room])
        return None

    def file_complete(self, file_size: int):
        self.spool.seek(0)
        return UploadedFile(
            file=io.BufferedReader(self.spool),
            name=self.file_name,
            content_type=self.content_type,
            size=self.received,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )

    def upload_interrupted(self) -> None:
        if self.spool is not None:
            self.spool.close()


def attorney_check(upload) -> tuple[bytes, str]:
    """(bytes, content type) of an acceptable 위임장, or ValidationError in Korean."""
    name = (upload.name or "").lower()
    extension = name[name.rfind(".") :] if "." in name else ""
    if extension not in ATTORNEY_TYPES:
        raise forms.ValidationError("위임장은 PDF, JPG, PNG 파일로 보내 주세요.")
    if upload.size > ATTORNEY_MAX_BYTES:
        raise forms.ValidationError(
            f"위임장 파일이 너무 커요. {ATTORNEY_MAX_LABEL} 이하로 보내 주세요."
        )
    if upload.size == 0:
        raise forms.ValidationError("위임장 파일이 비어 있어요.")
    upload.seek(0)
    data = upload.read(ATTORNEY_MAX_BYTES + 1)
    content_type, signatures = ATTORNEY_TYPES[extension]
    if not data.startswith(signatures) or (
        content_type == "application/pdf" and b"%%EOF" not in data[-2048:]
    ):
        raise forms.ValidationError(
            "파일 내용이 확장자와 달라요. 위임장을 PDF, JPG, PNG 파일 그대로 보내 주세요."
        )
    return data, content_type


class RightsDetailMixin:
    """The kind of request and what it needs: 정정 an item and the correct value, 처리정지 at
    least one purpose."""

    def add_kind_fields(self) -> None:
        self.fields["kind"] = forms.ChoiceField(
            label="요구 종류",
            choices=[(k.value, k.label) for k in FILABLE_KINDS],
            widget=forms.RadioSelect,
        )
        self.fields["correction_item"] = forms.CharField(
            label="정정할 항목",
            max_length=100,
            required=False,
            help_text="정정을 요구할 때 적어 주세요. 예: 프로필의 희망 직무",
        )
        self.fields["correction_value"] = forms.CharField(
            label="올바른 내용",
            max_length=2000,
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text="정정을 요구할 때 바르게 고친 내용을 적어 주세요.",
        )
        self.fields["suspend_purposes"] = forms.MultipleChoiceField(
            label="정지할 처리",
            choices=HoldPurpose.choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text="처리정지를 요구할 때 골라 주세요.",
        )
        self.fields["detail"] = forms.CharField(
            label="요구 내용",
            max_length=2000,
            required=False,
            widget=forms.Textarea(attrs={"rows": 4}),
            help_text=(
                "열람하고 싶은 정보의 범위나 요구 이유 등 더 알려 주실 내용이 있으면 적어 주세요."
            ),
        )

    def clean_kind_fields(self, cleaned: dict) -> None:
        kind = cleaned.get("kind")
        if kind == RightsKind.CORRECTION:
            if not (cleaned.get("correction_item") or "").strip():
                self.add_error("correction_item", "정정할 항목을 입력해 주세요.")
            if not (cleaned.get("correction_value") or "").strip():
                self.add_error("correction_value", "올바른 내용을 입력해 주세요.")
        if kind == RightsKind.SUSPENSION and not cleaned.get("suspend_purposes"):
            self.add_error("suspend_purposes", "정지할 처리를 하나 이상 골라 주세요.")
        if kind != RightsKind.CORRECTION:
            cleaned["correction_item"] = cleaned["correction_value"] = ""
        if kind != RightsKind.SUSPENSION:
            cleaned["suspend_purposes"] = []


class MemberRightsForm(RightsDetailMixin, KoreanForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.add_kind_fields()
        _korean_messages(self)

    def clean(self):
        cleaned = super().clean()
        self.clean_kind_fields(cleaned)
        return cleaned


class ProxyRightsForm(RightsDetailMixin, KoreanForm):
    principal_name = forms.CharField(label="정보주체 이름", max_length=50)
    principal_phone = forms.CharField(
        label="정보주체 전화번호",
        max_length=20,
        help_text="라이프멘토에 가입할 때 쓴 카카오계정 전화번호예요.",
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    proxy_name = forms.CharField(label="대리인 이름", max_length=50)
    proxy_phone = forms.CharField(
        label="대리인 전화번호",
        max_length=20,
        help_text="처리 결과와 보완 요청을 이 번호로 알려 드려요.",
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    proxy_relation = forms.ChoiceField(
        label="대리인 구분", choices=ProxyRelation.choices, widget=forms.RadioSelect
    )
    attorney = forms.FileField(
        label="위임장",
        help_text=(
            "개인정보 보호법 시행규칙 별지 제11호 서식의 위임장(법정대리인은 가족관계를 확인할 "
            f"수 있는 서류)을 PDF, JPG, PNG 파일 {ATTORNEY_MAX_LABEL} 이하로 첨부해 주세요."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.add_kind_fields()
        _korean_messages(self)
        self.fields["attorney"].error_messages["required"] = "위임장 파일을 첨부해 주세요."
        self.fields["attorney"].error_messages["empty"] = "위임장 파일이 비어 있어요."

    def clean_principal_phone(self) -> str:
        return _phone(self.cleaned_data["principal_phone"])

    def clean_proxy_phone(self) -> str:
        return _phone(self.cleaned_data["proxy_phone"])

    def clean_attorney(self):
        data, content_type = attorney_check(self.cleaned_data["attorney"])
        self.attorney_bytes, self.attorney_type = data, content_type
        return self.cleaned_data["attorney"]

    def clean(self):
        cleaned = super().clean()
        self.clean_kind_fields(cleaned)
        return cleaned


def _phone(value: str) -> str:
    digits = "".join(ch for ch in value if ch.isdigit())
    if not 9 <= len(digits) <= 11 or not digits.startswith("0"):
        raise forms.ValidationError("전화번호를 010-1234-5678처럼 입력해 주세요.")
    return value.strip()


def _korean_messages(form: forms.Form) -> None:
    """KoreanFormMixin's messages for fields added after its __init__ ran."""
    for field in form.fields.values():
        korean_field_messages(field)


# --- The officer's steps (admin) ------------------------------------------------------------


class StepNoteForm(KoreanForm):
    note = forms.CharField(
        label="메모",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )

    def __init__(self, *args, note_required: bool = False, note_label: str = "메모", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].label = note_label
        self.fields["note"].required = note_required
        _korean_messages(self)


class RefuseForm(KoreanForm):
    """A refusal (or the refused part of a partial grant): grounds and how to object are both
    required (시행령 제42조·제44조)."""

    grounds = forms.CharField(
        label="거절 사유",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text="근거 법령 조항과 함께 구체적으로 적어 주세요. 요청인에게 그대로 보여요.",
    )
    objection = forms.CharField(
        label="이의 제기 방법",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
    )
    result = forms.CharField(
        label="처리한 내용",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="처리한 부분을 적어 주세요. 요청인에게 보여요.",
    )

    def __init__(self, *args, partly: bool = False, **kwargs):
        kwargs.setdefault("initial", {"objection": default_objection()})
        super().__init__(*args, **kwargs)
        # A partial grant tells the requester which part was done (시행령 제41조·제43조), so
        # it needs the result; a plain refusal processes nothing, and a box for a result
        # would take typing that goes nowhere.
        if not partly:
            del self.fields["result"]

    def clean_grounds(self) -> str:
        grounds = self.cleaned_data["grounds"].strip()
        if not grounds:
            raise forms.ValidationError("거절 사유를 입력해 주세요.")
        return grounds
