"""Each seeded version's text (방침 전문) becomes the document its policy page renders.

Until now the page's running text came from templates/privacy/policy.html and the version's
text was a separate copy of the source document, so the two could say different things and a
template edit changed the live page without a new version. From here the page renders the
version's own text (privacy.notices.document: headings, paragraphs, lists and markers such as
[[표:수집항목]] where the version's frozen tables go).

This changes the format, not the words: each seeded version (2024-06-20, 2026-12-10,
2026-12-17, 2026-12-24) gets the words its page showed, in the order the page showed them,
from privacy/notices/policy_texts/<version>.ko.txt. Two deliberate exceptions, both in the
document the version was published with: 2026-12-17 and 2026-12-24 also state the four
sentences their documents and notices announced but the template never showed (the
advertising rules of 정보통신망법 제50조, NHN Cloud as the processor of KakaoTalk messages,
the message log's 6 months and the Kakao 회원번호 kept only to unlink). Where a database moved a
version's 시행일 to keep its 7 days of notice (notices 0003–0005), the text keeps that date.
A version published through the admin (not seeded) is left as its officer wrote it.
"""

import datetime

from django.db import migrations, models

from privacy.notices.policy_texts import policy_text

SEEDED = {
    "2024-06-20": datetime.date(2024, 6, 20),
    "2026-12-10": datetime.date(2026, 12, 10),
    "2026-12-17": datetime.date(2026, 12, 17),
    "2026-12-24": datetime.date(2026, 12, 24),
}


def _day(date: datetime.date) -> str:
    return f"{date.year}년 {date.month}월 {date.day}일"


def to_documents(apps, schema_editor):
    PolicyVersion = apps.get_model("notices", "PolicyVersion")
    for policy in PolicyVersion.objects.filter(version__in=SEEDED, published_at__isnull=False):
        text = policy_text(policy.version)
        written = SEEDED[policy.version]
        if policy.effective_date != written:
            text = text.replace(f"시행일: {_day(written)}", f"시행일: {_day(policy.effective_date)}")
        if policy.text != text:
            policy.text = text
            policy.save(update_fields=["text"])


class Migration(migrations.Migration):
    dependencies = [("notices", "0007_snapshot_the_published_versions")]

    # Forward only: the old texts live in git history; the page no longer reads them.
    operations = [
        migrations.AlterField(
            model_name="policyversion",
            name="text",
            field=models.TextField(
                help_text=(
                    "회원이 읽는 방침 화면이 이 글 그대로예요. 한 줄이 한 문단이고, ‘# ’로 "
                    "시작하면 제목, ‘- ’는 목록, ‘1. ’은 번호 목록, ‘용어 :: 설명’은 용어 풀이, "
                    "**굵게**예요. 표 자리에는 [[표:수집항목]], [[표:컨설턴트]], [[표:제3자제공]], "
                    "[[표:위탁]]을 한 줄로, 보호책임자 연락처 자리에는 [[보호책임자]]를 적고, "
                    "[[공지사항]]은 공지사항 링크가 돼요. 저장한 뒤 미리보기로 확인해 주세요."
                ),
                verbose_name="방침 전문",
            ),
        ),
        migrations.RunPython(to_documents, migrations.RunPython.noop),
    ]
