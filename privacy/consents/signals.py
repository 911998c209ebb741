"""Signals of the consent ledger.

`consent_changed` is sent once for every row appended to the ledger (not for a decision about
one grant alone), inside the transaction that writes it, so a receiver's own rows (a result
notice to the member, 정보통신망법 제50조⑦) exist exactly when the decision does. Privacy
imports no domain app: the apps that must act on a decision connect here, via privacy.api.

Arguments: `record` (the ConsentRecord just written) and `previously_granted` (the purpose's
state before it: tells a withdrawal from a refusal)."""

from django.dispatch import Signal

consent_changed = Signal()
