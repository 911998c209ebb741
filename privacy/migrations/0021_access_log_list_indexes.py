"""Indexes for the access log's list page: by time, by account and by action (issue 15).

The access log is the largest table and every staff page appends to it, so on PostgreSQL the
indexes are built CONCURRENTLY: a plain CREATE INDEX would block those appends (and so every
staff page) while it reads the whole table. That cannot run inside a transaction, hence
atomic = False. Other databases (SQLite, `make run`) build them the ordinary way."""

from django.db import migrations, models


class AddIndexWithoutBlockingWrites(migrations.AddIndex):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.add_index(model, self.index, concurrently=True)
        return None

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return super().database_backwards(app_label, schema_editor, from_state, to_state)
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.remove_index(model, self.index, concurrently=True)
        return None


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("privacy", "0020_quarterly_audit"),
    ]

    operations = [
        AddIndexWithoutBlockingWrites(
            model_name="accesslogentry",
            index=models.Index(fields=["at", "id"], name="access_log_at_id"),
        ),
        AddIndexWithoutBlockingWrites(
            model_name="accesslogentry",
            index=models.Index(fields=["actor_id", "at", "id"], name="access_log_actor_at_id"),
        ),
        AddIndexWithoutBlockingWrites(
            model_name="accesslogentry",
            index=models.Index(fields=["action", "at", "id"], name="access_log_action_at_id"),
        ),
    ]
