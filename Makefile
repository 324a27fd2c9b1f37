# Thin wrappers over ./mvnw and scripts/. See README.md.
MVN := ./mvnw -B -q

.PHONY: run test up down build bench bench-all bench-wide bench-crossmatch bench-voids bench-query soak native-sources clean

## run: build, start PostgreSQL and all three services, load a sample catalog, cone-search it (Ctrl-C stops)
run: build
	scripts/run.sh

## test: the whole test suite against the local PostgreSQL (started and set up if needed)
test:
	scripts/pg-up.sh
	scripts/db-setup.sh
	scripts/tools.sh
	$(MVN) install
	scripts/test-scripts.sh

## up: start the three services in the background, return once they are ready
up: build
	scripts/services.sh up

## down: stop the services started by `make up` / `make run`
down:
	scripts/services.sh down

build:
	$(MVN) -DskipTests install

clean:
	$(MVN) clean
	rm -rf .run

## bench: ingest benchmarks timed from the client: a 1M x 10 generic upload vs COPY unindexed + indexes, and a 1M-row FastSpecFit file vs binary COPY
bench: build
	bench/ingest-generic.sh
	bench/ingest-narrow.sh

## bench-all: every job benchmark of issue H one after the other (about 15 minutes here), ending with their ratios side by side (bench/all.sh)
bench-all: build
	bench/all.sh

## bench-crossmatch: 1M x 1M sky cross-match through the API vs q3c_join in the same run (+ in-memory engine speed)
bench-crossmatch: build
	bench/crossmatch.sh
	java -Xmx4g -cp "ingest-service/target/quarkus-app/lib/main/*" org.desi.catalogs.core.bench.EngineBenchmark

## bench-query: wrk against /cone vs pgbench of the same SQL and of q3c_radial_query, same run; then cones over 12 HEALPix-pixel files, with and without file pruning; then a 10k-target TAP upload joined with a 1M-row catalog vs psql + q3c_join
bench-query: build
	bench/query-cone.sh
	bench/query-cone-files.sh
	bench/tap-upload.sh

## native-sources: what a GraalVM/Mandrel machine needs to build the native executables (no GraalVM here)
native-sources:
	$(MVN) -DskipTests -Dnative -Dquarkus.native.sources-only=true package

## bench-wide: a 1.08 GB FastSpecFit file of real width vs cold read (dd) and astropy + psycopg2, same run
bench-wide: build
	bench/ingest-wide.sh

## bench-voids: 1M galaxies placed in a ~10,000-hole VoidFinder catalog, then in a 600k-tracer V2 catalog (both V2 rules), through the API (+ in-memory engines)
bench-voids: build
	bench/voids.sh 1000000 voidfinder
	bench/voids.sh 1000000 v2

## soak: 10 minutes of mixed read traffic at 16 connections while an ingest and a cross-match job run (errors, p50/p99, RSS)
soak: build
	bench/soak.sh
