// SPDX-License-Identifier: GPL-2.0-or-later
// Host-side checks of the QEMU VFIO test.
//   vfio_check pcap-compare EXPECTED.pcap GOT.pcap   every frame equal, byte for byte, same count
//   vfio_check count FILE.pcap                      number of frames
//   vfio_check trace TRACE.sendpath N                the recorded ring: N frames posted and written back
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "hw/ring_view.h"
#include "sim/state.h"
#include "sim/trace_db.h"

static bool read_pcap(const char *path, std::vector<std::vector<uint8_t>> &out)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "vfio_check: cannot open %s\n", path);
		return false;
	}
	uint32_t gh[6];
	if (fread(gh, 4, 6, f) != 6 || (gh[0] != 0xa1b2c3d4 && gh[0] != 0xa1b23c4d)) {
		fprintf(stderr, "vfio_check: %s is not a little-endian classic pcap\n", path);
		fclose(f);
		return false;
	}
	uint32_t rh[4];
	while (fread(rh, 4, 4, f) == 4) {
		std::vector<uint8_t> b(rh[2]);
		if (fread(b.data(), 1, b.size(), f) != b.size()) {
			fprintf(stderr, "vfio_check: %s: truncated record %zu\n", path, out.size());
			fclose(f);
			return false;
		}
		out.push_back(b);
	}
	fclose(f);
	return true;
}

static int pcap_compare(const char *exp_path, const char *got_path)
{
	std::vector<std::vector<uint8_t>> exp, got;
	if (!read_pcap(exp_path, exp) || !read_pcap(got_path, got))
		return 1;
	int bad = 0;
	for (size_t i = 0; i < std::max(exp.size(), got.size()); i++) {
		if (i >= exp.size() || i >= got.size()) {
			fprintf(stderr, "frame %zu: only in %s\n", i, i >= exp.size() ? got_path : exp_path);
			bad++;
			continue;
		}
		if (exp[i] != got[i]) {
			size_t k = 0;
			while (k < exp[i].size() && k < got[i].size() && exp[i][k] == got[i][k])
				k++;
			fprintf(stderr, "frame %zu differs: %zu vs %zu bytes, first difference at byte %zu\n",
				i, exp[i].size(), got[i].size(), k);
			bad++;
		}
	}
	printf("pcap-compare: %zu expected, %zu captured, %d mismatches\n", exp.size(), got.size(), bad);
	return bad ? 1 : 0;
}

static int trace_check(const char *path, unsigned n)
{
	std::string err;
	auto t = sp::load_trace(path, err);
	if (!t) {
		fprintf(stderr, "vfio_check: %s\n", err.c_str());
		return 1;
	}
	sp::StateIndex idx(*t);
	sp::State s = idx.at(t->size() - 1);
	hw::RingSnapshot r = hw::ring_snapshot(*t, s);
	unsigned done = 0;
	for (auto &d : r.descriptors)
		done += d.done;
	printf(
	    "trace %s: %zu steps, ring size %u ntu %u ntc %u head %u tail %u doorbells %llu writebacks %llu, "
	    "%zu descriptors (%u done), %zu packets, kernel '%s'\n",
	    path, t->size(), r.size, r.ntu, r.ntc, r.head, r.tail, (unsigned long long)r.doorbells,
	    (unsigned long long)r.writebacks, r.descriptors.size(), done, r.packets.size(),
	    t->meta_get("kernel").c_str());
	unsigned used = n < r.size ? n : r.size;
	bool ok = r.valid && r.doorbells == n && r.writebacks == n && r.packets.size() == n && done == used &&
		  r.ntu == n % r.size && r.ntc == n % r.size && r.head == n % r.size && r.tail == n % r.size;
	if (!ok)
		fprintf(stderr,
			"vfio_check: the trace's ring does not show %u frames sent and written back\n", n);
	return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "pcap-compare"))
		return pcap_compare(argv[2], argv[3]);
	if (argc == 3 && !strcmp(argv[1], "count")) {
		std::vector<std::vector<uint8_t>> f;
		if (!read_pcap(argv[2], f))
			return 1;
		printf("%zu\n", f.size());
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "trace"))
		return trace_check(argv[2], (unsigned)atoi(argv[3]));
	fprintf(stderr, "usage: vfio_check pcap-compare EXPECTED GOT | count FILE | trace FILE N\n");
	return 2;
}
