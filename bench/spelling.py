"""Bench: 맞춤법·띄어쓰기 hints (coverletters/spelling) on a cover-letter answer, per 1,000
characters, against two baselines measured in the same run, alternately:
- counting the same text (coverletters.counting.count), what the editor does on every keystroke;
- Kiwi tokenising it once, the analyser's own floor (the hints run the spacing model and a
  typo-corrected tokenisation on top).

The answer is the longest a question takes (20,000 characters: Question.answer), made of
realistic paragraphs with a spacing error and a misspelling in every few sentences. The first
call also loads Kiwi (a few seconds, once per process); it is reported apart and left out.

    python bench/spelling.py             # 20,000 characters, 5 rounds
    python bench/spelling.py --quick     # 5,000 characters, 3 rounds

Needs no database.
"""

import os
import sys
import time
from pathlib import Path

import support

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUICK = "--quick" in sys.argv
SIZE = int(os.environ.get("BENCH_SPELLING_SIZE", "5000" if QUICK else "20000"))
ROUNDS = int(os.environ.get("BENCH_SPELLING_ROUNDS", "3" if QUICK else "5"))

PARAGRAPH = (
    "저는 고객의 불편을 데이터로 찾아 해결하는 마케터가 되고 싶습니다. "
    "대학교 3학년 때 교내 카페의 주문 대기 시간을 줄이는 프로젝트에서 팀장 역활을 맡았습니다. "
    "주문 기록 몇일 치를 모아 분석해 보니 점심시간에 주문이 몰리는 것을 알수있었습니다. "
    "그래서 미리 주문하는 방법을 제안했고 대기 시간을 30% 줄였습니다. "
    "이 경험으로 작은 불편도 숫자로 보면 해결 할 수 있다는 것을 배웠고, 입사 후에도 "
    "고객의 목소리를 데이터로 읽어 내는 사람이 되요.\n\n"
)


def answer(size: int) -> str:
    text = PARAGRAPH * (size // len(PARAGRAPH) + 1)
    return text[:size]


def main() -> None:
    from coverletters.counting import count
    from coverletters.spelling import services

    text = answer(SIZE)
    start = time.perf_counter()
    hints = services.spelling_hints(text[:100])
    load = time.perf_counter() - start
    kiwi = services._analyser()

    def hints_run():
        return services.spelling_hints(text)

    hint_time, count_time = support.timed_pair(hints_run, lambda: count(text), ROUNDS)
    hint_time2, tokenise_time = support.timed_pair(hints_run, lambda: kiwi.tokenize(text), ROUNDS)
    hints = services.spelling_hints(text)
    per_k = 1000 / len(text)
    print(
        f"spelling: {len(text):,} characters, {len(hints)} hints, {ROUNDS} rounds alternating; "
        f"median of each (first call, loading Kiwi: {load:.1f} s)"
    )
    print(
        f"{'baseline: counting (counting.count)':44s} {count_time * per_k * 1000:9.3f} ms/1,000자"
    )
    print(f"{'baseline: Kiwi tokenise once':44s} {tokenise_time * per_k * 1000:9.3f} ms/1,000자")
    print(
        f"{'spelling hints':44s} {hint_time * per_k * 1000:9.3f} ms/1,000자"
        f"  {hint_time / count_time:8.0f}x counting"
        f"  {hint_time2 / tokenise_time:5.2f}x tokenise"
    )


if __name__ == "__main__":
    main()
