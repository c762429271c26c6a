"""Running in production: update deduplication, job leases, metrics and housekeeping jobs."""
