/* Issue #10's peer: the same three measures as Rempart, with the igraph C library, on the same graph file.
 * Build: gcc -O2 igraph_bench.c $(pkg-config --cflags --libs igraph) -o igraph_bench
 * Usage: igraph_bench GRAPH_DIR OUT_DIR
 *   GRAPH_DIR holds graph.bin (int32 sites, int32 dependencies, then int32 supplier/dependent pairs),
 *   betweenness-sources.txt and reach-sources.txt (one site index per line).
 *   OUT_DIR receives timings.txt (seconds per step), membership.bin (int32 per site), reach.bin (int64 per
 *   reach source) and betweenness.bin (double per site). */
#include <igraph.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void die(const char *what) { fprintf(stderr, "igraph_bench: %s\n", what); exit(1); }

static void read_sources(const char *path, igraph_vector_int_t *out) {
    FILE *f = fopen(path, "r");
    if (!f) die(path);
    long v;
    igraph_vector_int_init(out, 0);
    while (fscanf(f, "%ld", &v) == 1) igraph_vector_int_push_back(out, v);
    fclose(f);
}

int main(int argc, char **argv) {
    if (argc != 3) die("usage: igraph_bench GRAPH_DIR OUT_DIR");
    char path[4096];
    FILE *timings;

    /* Load: read the edge list and build the graph (reported, not counted in the three measures). */
    double t0 = now();
    snprintf(path, sizeof path, "%s/graph.bin", argv[1]);
    FILE *f = fopen(path, "rb");
    if (!f) die(path);
    int32_t header[2];
    if (fread(header, sizeof(int32_t), 2, f) != 2) die("short header");
    int32_t n = header[0], m = header[1];
    int32_t *pairs = malloc(sizeof(int32_t) * 2 * (size_t)m);
    if (fread(pairs, sizeof(int32_t), 2 * (size_t)m, f) != 2 * (size_t)m) die("short edge list");
    fclose(f);
    igraph_vector_int_t edges;
    igraph_vector_int_init(&edges, 2 * (igraph_integer_t)m);
    for (size_t i = 0; i < 2 * (size_t)m; i++) VECTOR(edges)[i] = pairs[i];
    free(pairs);
    igraph_t graph;
    if (igraph_create(&graph, &edges, n, IGRAPH_DIRECTED) != IGRAPH_SUCCESS) die("igraph_create");
    igraph_vector_int_destroy(&edges);
    igraph_vector_int_t between_sources, reach_sources;
    snprintf(path, sizeof path, "%s/betweenness-sources.txt", argv[1]);
    read_sources(path, &between_sources);
    snprintf(path, sizeof path, "%s/reach-sources.txt", argv[1]);
    read_sources(path, &reach_sources);
    double load = now() - t0;

    /* (a) strongly connected components */
    t0 = now();
    igraph_vector_int_t membership, sizes;
    igraph_integer_t count;
    igraph_vector_int_init(&membership, 0);
    igraph_vector_int_init(&sizes, 0);
    if (igraph_connected_components(&graph, &membership, &sizes, &count, IGRAPH_STRONG) != IGRAPH_SUCCESS) die("components");
    double scc = now() - t0;
    igraph_integer_t largest = igraph_vector_int_max(&sizes);

    /* (b) betweenness from the sampled sources to every target, directed */
    t0 = now();
    igraph_vector_t betweenness;
    igraph_vector_init(&betweenness, 0);
    if (igraph_betweenness_subset(&graph, &betweenness, igraph_vss_all(), IGRAPH_DIRECTED,
                                  igraph_vss_vector(&between_sources), igraph_vss_all(), NULL) != IGRAPH_SUCCESS) die("betweenness");
    double between = now() - t0;

    /* (c) reach: how many sites each source reaches, itself excluded (one BFS per source) */
    t0 = now();
    igraph_vector_int_t reach;
    igraph_vector_int_init(&reach, 0);
    if (igraph_neighborhood_size(&graph, &reach, igraph_vss_vector(&reach_sources), n, IGRAPH_OUT, 1) != IGRAPH_SUCCESS) die("reach");
    double reach_time = now() - t0;

    snprintf(path, sizeof path, "%s/membership.bin", argv[2]);
    f = fopen(path, "wb");
    for (igraph_integer_t v = 0; v < n; v++) { int32_t c = (int32_t)VECTOR(membership)[v]; fwrite(&c, sizeof c, 1, f); }
    fclose(f);
    snprintf(path, sizeof path, "%s/reach.bin", argv[2]);
    f = fopen(path, "wb");
    for (igraph_integer_t i = 0; i < igraph_vector_int_size(&reach); i++) { int64_t r = VECTOR(reach)[i]; fwrite(&r, sizeof r, 1, f); }
    fclose(f);
    snprintf(path, sizeof path, "%s/betweenness.bin", argv[2]);
    f = fopen(path, "wb");
    fwrite(VECTOR(betweenness), sizeof(double), (size_t)n, f);
    fclose(f);

    snprintf(path, sizeof path, "%s/timings.txt", argv[2]);
    timings = fopen(path, "w");
    fprintf(timings, "tool=igraph %s\nload=%.6f\nscc=%.6f\nbetweenness=%.6f\nreach=%.6f\ncomponents=%ld\nlargest=%ld\n",
            IGRAPH_VERSION, load, scc, between, reach_time, (long)count, (long)largest);
    fclose(timings);
    printf("igraph: load %.2f s, components %.2f s (%ld, largest %ld), betweenness %.2f s, reach %.2f s\n",
           load, scc, (long)count, (long)largest, between, reach_time);
    return 0;
}
