"""The staff part's models, classified for the registry check (imported by privacy.privacy)."""

from privacy.registry.registry import registry
from privacy.staff.models import ManagementPlan, PrivacyEducation, StaffAccessRule, StaffDesignation

# Records about staff accounts (who was designated, trained, who approved the plan), kept
# under the 안전성 확보조치 기준 (제4조 내부 관리계획·교육, 제5조 권한 부여·말소 3년) rather than
# a category of the policy's table: they hold no member's data and are never under a member's key.
for _model, _reason in (
    (ManagementPlan, "내부관리계획의 판: 안전성 확보조치 기준 제4조 (privacy.staff)"),
    (StaffDesignation, "개인정보취급자 지정: 안전성 확보조치 기준 제5조 (privacy.staff)"),
    (PrivacyEducation, "개인정보 보호 교육 이수: 안전성 확보조치 기준 제4조 (privacy.staff)"),
    (StaffAccessRule, "개인정보취급자 접근 기준 (privacy.staff)"),
):
    registry.declare_non_personal(_model, _reason)
