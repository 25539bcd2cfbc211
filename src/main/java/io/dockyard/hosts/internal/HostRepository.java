package io.dockyard.hosts.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for the hosts table. Every write that needs the reconciler sets {@code next_reconcile_at}
 * to now and sends {@code NOTIFY dockyard_hosts} with the host id; PostgreSQL delivers the
 * notification only when the transaction commits, so a rolled-back write wakes nobody.
 */
@Repository
class HostRepository {

    static final String CHANNEL = "dockyard_hosts";
    private static final String COLUMNS = "id, team, name, location, spec::text as spec, generation, version, phase,"
            + " status::text as status, created_at, updated_at, deletion_requested_at";

    private final JdbcClient jdbc;

    HostRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Serializes the creates of one team until the transaction ends, so that two concurrent creates cannot both
     * see room under the quota.
     */
    void lockTeamForCreate(String team) {
        jdbc.sql("select pg_advisory_xact_lock(hashtext('dockyard-team-quota'), hashtext(:team))")
                .param("team", team).query().singleValue();
    }

    /** Hosts of the team that are not being deleted. */
    int countLive(String team) {
        return jdbc.sql("select count(*) from hosts where team = :team and deletion_requested_at is null")
                .param("team", team).query(Integer.class).single();
    }

    void insert(UUID id, String team, String name, String location, String spec, String status, Instant now) {
        jdbc.sql("""
                insert into hosts (id, team, name, location, spec, generation, version, phase, status,
                                   next_reconcile_at, created_at, updated_at)
                values (:id, :team, :name, :location, cast(:spec as json), 1, 1, 'Pending', cast(:status as json),
                        :now, :now, :now)
                """)
                .param("id", id).param("team", team).param("name", name).param("location", location)
                .param("spec", spec).param("status", status).param("now", Timestamp.from(now))
                .update();
        notifyReconciler(id);
    }

    Optional<HostRow> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from hosts where id = :id")
                .param("id", id).query(HostRepository::map).optional();
    }

    Optional<HostRow> findForUpdate(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from hosts where id = :id for update")
                .param("id", id).query(HostRepository::map).optional();
    }

    /** Stores a new spec generation and wakes the reconciler. */
    void updateSpec(UUID id, String spec, long generation, Instant now) {
        jdbc.sql("""
                update hosts set spec = cast(:spec as json), generation = :generation, version = version + 1,
                                 next_reconcile_at = :now, updated_at = :now
                where id = :id
                """)
                .param("id", id).param("spec", spec).param("generation", generation).param("now", Timestamp.from(now))
                .update();
        notifyReconciler(id);
    }

    void markForDeletion(UUID id, String status, Instant now) {
        jdbc.sql("""
                update hosts set deletion_requested_at = :now, phase = 'Deleting', status = cast(:status as json),
                                 version = version + 1, next_reconcile_at = :now, updated_at = :now
                where id = :id and deletion_requested_at is null
                """)
                .param("id", id).param("status", status).param("now", Timestamp.from(now)).update();
        notifyReconciler(id);
    }

    void requestReconcile(UUID id, Instant now) {
        jdbc.sql("update hosts set next_reconcile_at = :now where id = :id")
                .param("id", id).param("now", Timestamp.from(now)).update();
        notifyReconciler(id);
    }

    void delete(UUID id) {
        jdbc.sql("delete from hosts where id = :id").param("id", id).update();
    }

    /**
     * One page in id order (ids are time-ordered), starting after {@code after}. Only the filters
     * given become predicates, so each query can use the index that matches it.
     */
    List<HostRow> page(HostFilter filter, UUID after, int limit) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from hosts where true");
        List<Object> args = new ArrayList<>();
        if (filter.teams() != null && filter.teams().size() == 1) {
            sql.append(" and team = ?");
            args.add(filter.teams().getFirst());
        } else if (filter.teams() != null) {
            sql.append(" and team = any(?)");
            args.add(filter.teams().toArray(String[]::new));
        }
        if (filter.phase() != null) {
            sql.append(" and phase = ?");
            args.add(filter.phase());
        }
        if (filter.location() != null) {
            sql.append(" and location = ?");
            args.add(filter.location());
        }
        if (filter.name() != null) {
            sql.append(" and name = ?");
            args.add(filter.name());
        }
        if (after != null) {
            sql.append(" and id > ?");
            args.add(after);
        }
        sql.append(" order by id limit ?");
        args.add(limit);
        return jdbc.sql(sql.toString()).params(args).query(HostRepository::map).list();
    }

    private void notifyReconciler(UUID id) {
        jdbc.sql("select pg_notify('" + CHANNEL + "', :id)").param("id", id.toString()).query().singleValue();
    }

    private static HostRow map(ResultSet rs, int row) throws SQLException {
        // By index, in the order of COLUMNS: name lookups were a measurable share of a list page.
        return new HostRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getLong(6), rs.getLong(7), rs.getString(8), rs.getString(9), instant(rs, 10),
                instant(rs, 11), instant(rs, 12));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        java.time.OffsetDateTime t = rs.getObject(column, java.time.OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
