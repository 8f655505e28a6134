# A training's first and last day follow from its modules. Triggers keep them in step, so a
# training saved from an out-of-date copy cannot overwrite them, and a deferred constraint
# trigger holds "applications close by the first module's first day" whoever writes the rows.
# It is checked at commit, so that one transaction may move a training's deadline and its
# modules together in either order.

from django.db import migrations

REFRESH_DATES = """
CREATE FUNCTION trainings_refresh_training_dates(changed_training bigint) RETURNS void AS $$
    UPDATE trainings_training AS training
    SET starts_on = dates.first_day, ends_on = dates.last_day
    FROM (
        SELECT min(start_date) AS first_day, max(end_date) AS last_day
        FROM trainings_module WHERE training_id = changed_training
    ) AS dates
    WHERE training.id = changed_training;
$$ LANGUAGE sql;

CREATE FUNCTION trainings_module_changed() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM trainings_refresh_training_dates(OLD.training_id);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM trainings_refresh_training_dates(NEW.training_id);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER trainings_module_dates
AFTER INSERT OR UPDATE OR DELETE ON trainings_module
FOR EACH ROW EXECUTE FUNCTION trainings_module_changed();

CREATE FUNCTION trainings_training_written() RETURNS trigger AS $$
BEGIN
    SELECT min(start_date), max(end_date) INTO NEW.starts_on, NEW.ends_on
    FROM trainings_module WHERE training_id = NEW.id;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER trainings_training_dates
BEFORE INSERT OR UPDATE ON trainings_training
FOR EACH ROW EXECUTE FUNCTION trainings_training_written();

CREATE FUNCTION trainings_check_applications_close() RETURNS trigger AS $$
DECLARE
    close_day date;
    first_day date;
BEGIN
    SELECT applications_close, starts_on INTO close_day, first_day
    FROM trainings_training WHERE id = NEW.id;
    IF first_day IS NOT NULL AND close_day > first_day THEN
        RAISE EXCEPTION 'applications of training % close on %, after its first module starts on %',
            NEW.id, close_day, first_day
            USING ERRCODE = 'check_violation',
                  CONSTRAINT = 'training_applications_close_by_first_module';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER training_applications_close_by_first_module
AFTER INSERT OR UPDATE ON trainings_training
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION trainings_check_applications_close();
"""

DROP_REFRESH_DATES = """
DROP TRIGGER training_applications_close_by_first_module ON trainings_training;
DROP FUNCTION trainings_check_applications_close();
DROP TRIGGER trainings_training_dates ON trainings_training;
DROP FUNCTION trainings_training_written();
DROP TRIGGER trainings_module_dates ON trainings_module;
DROP FUNCTION trainings_module_changed();
DROP FUNCTION trainings_refresh_training_dates(bigint);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("trainings", "0001_initial"),
    ]

    operations = [migrations.RunSQL(REFRESH_DATES, DROP_REFRESH_DATES)]
