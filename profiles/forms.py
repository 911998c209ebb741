"""The profile page's forms: the profile itself and the 학력 / 경력 entry lists (inline formsets).

Every form here follows core.forms: Korean error messages that name the field. Browser
`required` attributes are off on purpose: the server's messages, shown next to the field, are
the ones a person sees (a formset's blank extra row must not block submitting either).
"""

import datetime
from functools import cached_property

from django import forms
from django.forms.utils import ErrorDict
from django.utils import timezone

from core.forms import KoreanModelForm
from core.korean import josa
from profiles.models import Career, Education, EducationStatus, Profile

# Suggestions only: people may type any job or industry (<input list> + <datalist>). Named the
# way Korean job boards group postings, so a pick here reads naturally to a consultant.
DESIRED_JOB_SUGGESTIONS = (
    "경영기획·전략",
    "사업개발",
    "서비스 기획(PM·PO)",
    "마케팅",
    "광고·홍보(PR)",
    "영업",
    "기술영업",
    "고객상담(CS)",
    "인사(HR)",
    "총무·사무",
    "회계·재무",
    "법무",
    "구매·자재",
    "물류·SCM",
    "생산관리",
    "품질관리(QA·QC)",
    "연구개발(R&D)",
    "백엔드 개발",
    "프론트엔드 개발",
    "앱 개발",
    "데이터 분석",
    "AI·머신러닝",
    "UX·UI 디자인",
    "그래픽 디자인",
    "영상·콘텐츠 제작",
    "교육·강사",
    "간호·의료",
    "사회복지",
    "공무원·공공기관",
)
DESIRED_INDUSTRY_SUGGESTIONS = (
    "IT·인터넷",
    "게임",
    "금융·은행",
    "증권·보험",
    "전자·반도체",
    "자동차·기계",
    "화학·에너지",
    "바이오·제약",
    "의료·헬스케어",
    "유통·이커머스",
    "식품·외식",
    "패션·뷰티",
    "건설·부동산",
    "물류·운송",
    "미디어·엔터테인먼트",
    "광고·마케팅",
    "교육",
    "여행·호텔·항공",
    "공공기관·공기업",
    "비영리·사회적기업",
    "컨설팅",
)

# No one alive was born before this; a year like 0199 is a typo, not a birth date.
EARLIEST_DATE = datetime.date(1900, 1, 1)
MAX_ENTRIES = 20


class QuietFormMixin:
    """A bound form that shows what was typed but no errors yet.

    Used when the page re-renders only to open one more 학력/경력 row without JavaScript: the
    person has not asked to save, so telling them what is wrong would be premature.
    """

    def __init__(self, *args, quiet: bool = False, **kwargs) -> None:
        self.quiet = quiet
        super().__init__(*args, **kwargs)

    def full_clean(self) -> None:
        if self.quiet:
            self._errors = ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()


class TextArea(forms.Textarea):
    """A textarea whose line breaks count as one character, as the browser's maxlength counts
    them (forms submit CRLF, which would otherwise make the server count each break twice)."""

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return value.replace("\r\n", "\n") if isinstance(value, str) else value


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, attrs=None) -> None:
        # Browsers without a month picker show a text box; the placeholder shows the format.
        super().__init__({"placeholder": "2024-03", **(attrs or {})}, format="%Y-%m")


class MonthField(forms.DateField):
    """A year and month, stored as the first day of that month.

    Accepts what <input type="month"> sends (2024-03) and what people type where the browser has
    no month picker (2024.03, 2024/3, 2024-03-15).
    """

    widget = MonthInput
    input_formats = ["%Y-%m", "%Y.%m", "%Y/%m", "%Y-%m-%d", "%Y.%m.%d", "%Y%m"]

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace(day=1) if value else value


def _month_error(label: str) -> str:
    return f"{label}{josa(label, '을/를')} 2024-03처럼 연도와 월로 입력해 주세요."


def _too_early(field: forms.Field, value: datetime.date | None) -> None:
    if value and value < EARLIEST_DATE:
        raise forms.ValidationError(f"{field.label}의 연도를 다시 확인해 주세요.", code="too_early")


class ProfileForm(QuietFormMixin, KoreanModelForm):
    use_required_attribute = False

    class Meta:
        model = Profile
        fields = ["name", "desired_job", "desired_industry", "birth_date", "situation"]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "desired_job": forms.TextInput(
                attrs={"list": "desired-job-options", "autocomplete": "off"}
            ),
            "desired_industry": forms.TextInput(
                attrs={"list": "desired-industry-options", "autocomplete": "off"}
            ),
            "birth_date": forms.DateInput(
                attrs={"type": "date", "autocomplete": "bday", "min": EARLIEST_DATE.isoformat()},
                format="%Y-%m-%d",
            ),
            "situation": TextArea(attrs={"rows": 6, "data-counter": ""}),
        }
        help_texts = {
            "desired_job": "목록에서 고르거나 직접 입력해도 돼요.",
            "desired_industry": "목록에서 고르거나 직접 입력해도 돼요.",
            "situation": (
                "취업 준비 상황, 막막한 점, 컨설팅에서 듣고 싶은 이야기를 편하게 적어 주세요."
            ),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["birth_date"].widget.attrs["max"] = timezone.localdate().isoformat()

    def clean_birth_date(self) -> datetime.date | None:
        birth_date = self.cleaned_data["birth_date"]
        if birth_date and birth_date > timezone.localdate():
            raise forms.ValidationError(
                "생년월일이 오늘보다 뒤예요. 다시 확인해 주세요.", code="future"
            )
        if birth_date and birth_date < EARLIEST_DATE:
            raise forms.ValidationError(
                "생년월일은 1900년 1월 1일 이후 날짜로 입력해 주세요.", code="too_early"
            )
        return birth_date


class EntryForm(QuietFormMixin, KoreanModelForm):
    """Shared by 학력 and 경력 rows: month fields, and an end that cannot precede the start."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("start_date", "end_date"):
            field = self.fields[name]
            field.error_messages["invalid"] = _month_error(str(field.label))

    def clean_start_date(self) -> datetime.date | None:
        _too_early(self.fields["start_date"], self.cleaned_data["start_date"])
        return self.cleaned_data["start_date"]

    def clean_end_date(self) -> datetime.date | None:
        _too_early(self.fields["end_date"], self.cleaned_data["end_date"])
        return self.cleaned_data["end_date"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            start_label = self.fields["start_date"].label
            end_label = self.fields["end_date"].label
            self.add_error(
                "end_date",
                f"{end_label}{josa(end_label, '이/가')} {start_label}보다 빨라요. "
                "다시 확인해 주세요.",
            )
        return cleaned


class EducationForm(EntryForm):
    start_date = MonthField(label="입학 연월", required=False)
    end_date = MonthField(label="졸업(예정) 연월", required=False)

    class Meta:
        model = Education
        fields = ["school", "major", "status", "start_date", "end_date"]
        widgets = {"school": forms.TextInput(attrs={"autocomplete": "off"})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "선택해 주세요"), *EducationStatus.choices]


class CareerForm(EntryForm):
    start_date = MonthField(label="입사 연월", required=False)
    end_date = MonthField(label="퇴사 연월", required=False)

    class Meta:
        model = Career
        fields = ["company", "role", "start_date", "end_date", "is_current", "description"]
        widgets = {
            "company": forms.TextInput(attrs={"autocomplete": "organization"}),
            "role": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "is_current": forms.CheckboxInput(attrs={"data-current": ""}),
            "description": TextArea(attrs={"rows": 4, "data-counter": ""}),
        }
        help_texts = {"description": "인턴·아르바이트라도 맡았던 일과 성과를 적으면 좋아요."}

    def clean(self):
        cleaned = super().clean()
        # Ticking 재직 중 and giving a 퇴사 date contradict each other; which one the person
        # meant is a guess, so ask rather than silently drop the date they typed. (With
        # JavaScript on, ticking 재직 중 disables 퇴사, so only no-JS visitors meet this.)
        if cleaned.get("is_current") and cleaned.get("end_date"):
            self.add_error("end_date", "재직 중이면 퇴사 연월은 비워 주세요.")
        return cleaned


class OwnEntryField(forms.ModelChoiceField):
    """A row's hidden id: one of the profile's entries already loaded, looked up without a
    query per row."""

    def __init__(self, queryset, *, entries: dict, **kwargs) -> None:
        super().__init__(queryset, **kwargs)
        self.entries = entries

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.entries[str(value)]
        except KeyError:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None


class EntryFormSet(forms.BaseInlineFormSet):
    """학력/경력 rows of one profile. The queryset is the profile's own entries only, so an id
    posted from someone else's profile matches nothing and is refused with a message."""

    entry_label = ""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # One blank row invites the first entry; once there are entries, "추가" opens more.
        self.extra = 0 if self.get_queryset() else 1
        label = self.entry_label
        self.error_messages["too_many_forms"] = (
            f"{label}{josa(label, '은/는')} %(num)d개까지 입력할 수 있어요."
        )
        self.error_messages["missing_management_form"] = (
            "페이지 정보가 빠져 있어요. 페이지를 새로 고친 뒤 다시 입력해 주세요."
        )

    def get_queryset(self):
        queryset = super().get_queryset()
        if not getattr(self, "_owner_cached", False):
            # Each entry's ciphertexts are bound to its owner (privacy.keys.rows): give the rows
            # their profile, already loaded, rather than a query per row to find it.
            for entry in queryset:  # evaluated once; the formset reuses this result cache
                self.fk.set_cached_value(entry, self.instance)
            self._owner_cached = True
        return queryset

    @cached_property
    def own_entries(self) -> dict:
        return {str(entry.pk): entry for entry in self.get_queryset()}

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        # Django checks a posted id against every row of the table, one query per row; only
        # this profile's own entries (already loaded) are acceptable — otherwise a foreign id
        # would pass and its row be re-created here.
        stock = form.fields["id"]
        form.fields["id"] = OwnEntryField(
            self.get_queryset(),
            entries=self.own_entries,
            initial=stock.initial,
            required=False,
            widget=stock.widget,
        )
        form.fields["id"].error_messages["invalid_choice"] = (
            f"이 {self.entry_label}{josa(self.entry_label, '을/를')} 찾을 수 없어요. "
            "페이지를 새로 고친 뒤 다시 입력해 주세요."
        )
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "삭제"
        # The profile a row belongs to is this formset's instance, set on every row by the
        # formset (BaseInlineFormSet._construct_form, save_new), never taken from the post: the
        # hidden field Django adds only echoed the profile's id into the page. Without it the
        # blank row is the same for every member, and is written once per process
        # (templatetags.profile_entries.blank_entry_row).
        form.fields.pop(self.fk.name, None)


class EducationFormSet(EntryFormSet):
    entry_label = "학력"


class CareerFormSet(EntryFormSet):
    entry_label = "경력"


def _entry_formset(model, form, base):
    return forms.inlineformset_factory(
        Profile,
        model,
        form=form,
        formset=base,
        extra=1,
        can_delete=True,
        max_num=MAX_ENTRIES,
        validate_max=True,
    )


EducationFormSetClass = _entry_formset(Education, EducationForm, EducationFormSet)
CareerFormSetClass = _entry_formset(Career, CareerForm, CareerFormSet)

ENTRY_PREFIXES = ("educations", "careers")


def profile_forms(*, profile: Profile, data=None, quiet: bool = False):
    """The profile form and its two entry formsets, bound to `data` when given."""
    form = ProfileForm(data, instance=profile, quiet=quiet)
    educations = EducationFormSetClass(
        data, instance=profile, prefix="educations", form_kwargs={"quiet": quiet}
    )
    careers = CareerFormSetClass(
        data, instance=profile, prefix="careers", form_kwargs={"quiet": quiet}
    )
    return form, educations, careers


def with_one_more_row(data, prefix: str):
    """The posted data with one more (blank) row in the `prefix` list: adding a row without
    JavaScript re-renders the page with everything typed so far plus an empty row."""
    data = data.copy()
    key = f"{prefix}-TOTAL_FORMS"
    try:
        total = int(data.get(key, 0))
    except ValueError:
        total = 0
    data[key] = str(min(total + 1, MAX_ENTRIES))
    return data


def focus_last_row(formset) -> None:
    """Put the cursor in the row just opened (adding a row without JavaScript)."""
    last = formset.forms[-1] if formset.forms else None
    if last is not None:
        first_field = next(iter(last.fields.values()))
        first_field.widget.attrs["autofocus"] = True
