"""Keys and encrypted fields: per-member data keys wrapped by master keys, AES-GCM fields bound to
their row, the blind index, key guards, rotation and the encryption scan."""
