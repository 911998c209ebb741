"""A letter's versions: the list with "지금 상태 저장", a comparison of any two, and restore."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.decorators import member_required
from coverletters.models import CoverLetter
from coverletters.versions import selectors, services
from coverletters.versions.models import LetterVersion
from coverletters.versions.services import LABEL_MAX, default_checkpoint_label


def _letter(request: HttpRequest, pk: int) -> CoverLetter:
    # Another member's letter does not exist for this member: 404, never 403.
    return get_object_or_404(
        CoverLetter.objects.select_related("member"), pk=pk, member=request.user
    )


@member_required
def letter_versions(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _letter(request, pk)
    versions = selectors.letter_versions(letter)
    # The page names each question by its prompt: the answers stay unread.
    questions = list(letter.questions.defer("answer"))
    return render(
        request,
        "coverletters/versions/list.html",
        {
            "letter": letter,
            "versions": versions,
            "questions": questions,
            "default_label": default_checkpoint_label(),
            "label_max": LABEL_MAX,
        },
    )


@require_POST
@member_required
def checkpoint_create(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _letter(request, pk)
    label = request.POST.get("label", "")
    if len(label.strip()) > LABEL_MAX:
        messages.error(request, f"이름은 {LABEL_MAX}자까지 쓸 수 있어요. 조금 줄여 주세요.")
        return redirect("coverletters:letter_versions", pk=letter.pk)
    version = services.letter_checkpoint_create(letter=letter, label=label)
    messages.success(request, f"지금 상태를 ‘{version.label}’(으)로 저장했어요.")
    return redirect("coverletters:letter_versions", pk=letter.pk)


@member_required
def letter_version_compare(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _letter(request, pk)
    versions = selectors.letter_versions(letter)
    default_old = str(versions[0].pk) if versions else selectors.CURRENT
    old = selectors.side(letter, request.GET.get("from") or default_old, versions)
    new = selectors.side(letter, request.GET.get("to") or selectors.CURRENT, versions)
    if old is None or new is None:
        raise Http404("이 자기소개서의 버전이 아니에요.")
    return render(
        request,
        "coverletters/versions/compare.html",
        {
            "letter": letter,
            "versions": versions,
            "comparison": selectors.compare(old, new),
            "current": selectors.CURRENT,
        },
    )


@require_POST
@member_required
def letter_version_restore(request: HttpRequest, pk: int, version_pk: int) -> HttpResponse:
    letter = _letter(request, pk)
    version = get_object_or_404(LetterVersion, pk=version_pk, letter=letter)
    version.letter = letter
    result = services.letter_version_restore(letter=letter, version=version)
    text = (
        f"답변 {result.restored}개를 이 버전으로 되돌렸어요. "
        "되돌리기 전의 글은 ‘되돌리기 전’ 버전으로 남겨 두었어요."
    )
    if not result.restored:
        text = "이 버전과 지금 글이 같아서 바꾼 답변이 없어요."
    if result.missing:
        text += f" 그 사이 지운 문항 {result.missing}개는 되돌리지 않았어요."
    messages.success(request, text)
    return redirect("coverletters:detail", pk=letter.pk)
