"""How the 파기 대장 words what the engine does: the legal basis of a destruction and its method
(파기 방법), from the retention registry (privacy.retention.engine writes them on each entry)."""

from __future__ import annotations

from privacy.registry.registry import Category, registry


def legal_basis(category: Category) -> str:
    return (
        "개인정보 보호법 제21조 제1항 (보유기간 경과·목적 달성 시 지체 없이 파기); "
        f"개인정보 처리방침 '{category.name}': {category.retention.text}; "
        "파기기한: 보유기간 종료일로부터 5일 이내"
    )


# 파기 방법, in the words of the ledger (개인정보 보호법 시행령 제16조: 전자적 파일 형태는 복원이
# 불가능한 방법으로 영구 삭제).
KEY_SHRED = "암호화 키 파기(crypto-shredding)"
DB_DELETE = "데이터베이스 삭제"


def erasure_method(category: Category, *, at_withdrawal: bool) -> str:
    """What the engine does to a category's due rows, as the ledger states it. The daily job
    shreds the own keys of rows that have them (an account, a retention-store record, a
    request), then deletes the rows; at withdrawal the member's key has just been shredded (the
    withdrawal's first transaction), so every category with fields under it is crypto-shredded
    before its rows are deleted."""
    entries = [e for e in registry.entries.values() if e.category == category]
    if at_withdrawal:
        shredded = any(e.encrypted or e.own_key for e in entries)
    else:
        shredded = any(e.own_key and e.due is not None for e in entries)
    return f"{KEY_SHRED} 후 {DB_DELETE}" if shredded else DB_DELETE
