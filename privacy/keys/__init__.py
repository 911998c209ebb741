"""Keys and encrypted fields: AES-GCM under per-subject data keys, wrapped by master keys.

Key hierarchy
- Master keys (KEKs) come from the environment: FIELD_ENCRYPTION_KEYS="kid1:base64,kid2:base64",
  32-byte keys, the first one current. They never touch the database (masters).
- Each data subject (a member, or a record in the retention store) has a data key (DEK): 32
  random bytes, stored only wrapped by a master key (models.DataKey, with the KEK id; datakeys).
- A personal field is stored as "lmenc2$<data key id>$<base64(nonce | ciphertext | tag)>",
  encrypted with the subject's DEK; the associated data names the subject, the table, the
  column, the row's pk and the row's version (sealing.binding(), issue 17), so a ciphertext moved to
  another column, row or member, or an older one of the same row, does not decrypt, and a key
  of another subject than the row's is refused before decrypting. "lmenc1$" values (the column
  "app.model.field" only) are read only while v1 is accepted (datakeys.v1_accepted()).
- Each DEK's wrap names its subject and its own id (datakeys.wrap_bound()), so a wrapped key
  copied into another DataKey row does not unwrap.
- Equality lookups use a blind index: HMAC-SHA256 under a blind-index key of its own
  (BLIND_INDEX_KEYS="epoch1:base64,...", first current; not derived from the master keys),
  stored as "<epoch>$<hex>"; lookups compute it under every configured epoch so they keep
  working while `rotate_blind_index` recomputes the rows. Values written before epochs existed
  ("<master kid>$<hex>", keyed by HKDF of the master key) stay matchable until recomputed
  (blind_index).
- Every key from the environment has a canary in the database (canaries): the right
  key id with the wrong bytes is refused at start and before anything is wrapped or indexed.

Crypto-shredding: deleting a subject's DataKey rows makes every copy of their ciphertext —
backups, replicas, dead tuples, exports — undecryptable, because the DEK existed nowhere else.

Unwrapped DEKs are cached only for the current request (cleared by
privacy.keys.middleware.DataKeyCacheMiddleware) or the current unit of work outside requests, and
loaded in batches: see datakeys._KeyCache.

Modules. At import, each uses only modules before it in errors, masters, datakeys, sealing,
blind_index, canaries, inventory, keyguard, rows, fields. Inside functions only, masters and
blind_index call canaries' verification (which reads stored rows), and canaries and inventory
read fields.
- errors: what goes wrong opening a ciphertext or checking a key.
- masters, datakeys, sealing, blind_index: the keys and what is sealed or indexed under them.
- rows: SealedRow, the row's owner and the binding of each value to its row; fields: the model
  fields (migrations name them here), Sealed, the placeholders, the blind-index field.
- canaries: one key against its check value; inventory: what stored data refers to;
  keyguard: every key at once (the system check, the processes' start); checks: the system
  checks about keys.
- rotation, verification: `rotate_keys`, `rotate_blind_index` and `verify_encryption`.
"""
