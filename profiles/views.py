from django.contrib import messages
from django.forms import all_valid
from django.shortcuts import redirect, render

from core.decorators import member_required
from profiles.forms import (
    DESIRED_INDUSTRY_SUGGESTIONS,
    DESIRED_JOB_SUGGESTIONS,
    ENTRY_PREFIXES,
    MAX_ENTRIES,
    focus_last_row,
    profile_forms,
    with_one_more_row,
)
from profiles.models import Profile
from profiles.selectors import profile_completeness_of, profile_with_entries
from profiles.services import profile_save


@member_required
def detail(request):
    profile = profile_with_entries(request.user)
    completeness = profile_completeness_of(profile, kakao_name=request.user.name)
    return render(request, "profiles/detail.html", {"completeness": completeness})


@member_required
def edit(request):
    member = request.user
    # First visit: start from the name Kakao gave us, which the member may change here.
    profile = Profile.objects.filter(member=member).first() or Profile(
        member=member, name=member.name
    )
    data = request.POST if request.method == "POST" else None
    # "학력 추가"/"경력 추가" without JavaScript: re-render with one more row, nothing saved.
    adding = data.get("add") if data and data.get("add") in ENTRY_PREFIXES else None
    if adding:
        data = with_one_more_row(data, adding)
    form, educations, careers = profile_forms(profile=profile, data=data, quiet=bool(adding))
    if adding:
        focus_last_row(educations if adding == "educations" else careers)

    if data and not adding and all_valid([form, educations, careers]):
        profile_save(member=member, form=form, educations=educations, careers=careers)
        messages.success(request, "프로필을 저장했어요.")
        return redirect("profiles:detail")

    context = {
        "form": form,
        "formsets": [(educations, "학력"), (careers, "경력")],
        "has_errors": bool(data) and not adding,
        "max_entries": MAX_ENTRIES,
        "job_suggestions": DESIRED_JOB_SUGGESTIONS,
        "industry_suggestions": DESIRED_INDUSTRY_SUGGESTIONS,
        "is_new": profile.pk is None,
    }
    return render(request, "profiles/edit.html", context)
