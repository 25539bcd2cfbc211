package io.dockyard.audit.internal;

import io.dockyard.support.ApiTestSupport;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditRetentionTest extends ApiTestSupport {

    @Autowired
    AuditRetention retention;

    private long insert(String targetId, String age) {
        return jdbc.sql("""
                insert into audit_records (at, principal, action, target_type, target_id)
                values (now() - cast(:age as interval), 'test', 'host.created', 'host', :target) returning id
                """).param("age", age).param("target", targetId).query(Long.class).single();
    }

    private long recordsAbout(String targetId) {
        return jdbc.sql("select count(*) from audit_records where target_id = :target").param("target", targetId)
                .query(Long.class).single();
    }

    @Test
    void recordsCannotBeChangedOrDeletedOutsideThePurge() {
        String target = UUID.randomUUID().toString();
        insert(target, "1 hour");

        assertThatThrownBy(() -> jdbc.sql("update audit_records set principal = 'someone-else' where target_id = :t")
                .param("t", target).update()).isInstanceOf(DataAccessException.class).hasStackTraceContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("delete from audit_records where target_id = :t").param("t", target).update())
                .isInstanceOf(DataAccessException.class).hasStackTraceContaining("append-only");
        assertThat(recordsAbout(target)).isOne();
    }

    @Test
    void purgeRemovesOnlyRecordsPastTheRetentionTime() {
        String old = UUID.randomUUID().toString();
        String recent = UUID.randomUUID().toString();
        insert(old, "401 days");
        insert(recent, "399 days");

        retention.purge();

        assertThat(recordsAbout(old)).isZero();
        assertThat(recordsAbout(recent)).isOne();
        assertThatThrownBy(() -> jdbc.sql("delete from audit_records where target_id = :t").param("t", recent).update())
                .as("the purge's permission ends with its transaction").isInstanceOf(DataAccessException.class);
    }
}
