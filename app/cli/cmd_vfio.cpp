// SPDX-License-Identifier: GPL-2.0-or-later
// sendpath-cli vfio list | send | ring | frames: the live-NIC mode over VFIO (engine/hw/vfio).
//   list [--all] [--json]                     candidate PCI devices: ids, driver, IOMMU group
//   send BDF (--frames N | --scenario NAME) [--kernel V] [--trace OUT.sendpath] [--ring-size N]
//        [--timeout-ms MS] [--queue Q] [--unmap-before-doorbell]
//   ring BDF [--queue Q] [--json]             live ring registers (read-only)
//   frames (--frames N | --scenario NAME) --pcap OUT.pcap   the frames `send` would send (no device)
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <memory>

#include "cli.h"
#include "hw/vfio/e1000e.h"
#include "hw/vfio/ice.h"
#include "hw/vfio/live_trace.h"
#include "hw/vfio/pci.h"
#include "hw/vfio/vfio.h"
#include "scenario/runner.h"
#include "sim/json.h"

using namespace sp;
using namespace hw::vfio;

namespace
{

void vfio_usage(FILE *f)
{
	fputs("usage: sendpath-cli vfio list [--all] [--json]\n"
	      "       sendpath-cli vfio send BDF (--frames N | --scenario NAME|FILE) [--kernel V]\n"
	      "              [--trace OUT.sendpath] [--ring-size N] [--timeout-ms MS] [--queue Q]\n"
	      "              [--unmap-before-doorbell]\n"
	      "       sendpath-cli vfio ring BDF [--queue Q] [--json]\n"
	      "       sendpath-cli vfio frames (--frames N | --scenario NAME|FILE) --pcap OUT.pcap\n"
	      "The device must be bound to vfio-pci; `vfio list` shows how.\n",
	      f);
}

// The frames to send: the scenario's outbound wire frames (the engine's run), or N test frames.
bool build_frames(const Args &a, std::vector<std::vector<uint8_t>> &out, std::string &what)
{
	uint64_t n = UINT64_MAX;
	if (a.has("--frames") && (!parse_size(a.get("--frames"), n) || n == 0 || n > 100000)) {
		fprintf(stderr, "sendpath-cli vfio: --frames must be a number from 1 to 100000, not '%s'\n",
			a.get("--frames").c_str());
		return false;
	}
	if (a.has("--scenario")) {
		std::optional<Scenario> sc;
		KernelVersion kv;
		if (!load_scenario_args(a, "vfio", sc, kv))
			return false;
		RunResult r = run_scenario(*sc, kv, {false, 0});
		if (r.bad_input) {
			fprintf(stderr, "sendpath-cli: %s\n", r.error.c_str());
			return false;
		}
		for (auto &w : r.wire)
			if (w.outbound && out.size() < n)
				out.push_back(w.bytes);
		what = "scenario " + sc->name + " on Linux " + kernel_name(kv);
		if (out.empty()) {
			fprintf(stderr, "sendpath-cli vfio: scenario %s put no outbound frame on the wire\n",
				sc->name.c_str());
			return false;
		}
		return true;
	}
	if (!a.has("--frames")) {
		fprintf(stderr, "sendpath-cli vfio: give --frames N or --scenario NAME\n");
		return false;
	}
	for (uint64_t i = 0; i < n; i++) {
		std::vector<uint8_t> f(60, 0);
		memset(f.data(), 0xff, 6);				     // broadcast
		const uint8_t src[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56}; // QEMU's default MAC
		memcpy(f.data() + 6, src, 6);
		f[12] = 0x88; // local experimental ethertype 0x88b5
		f[13] = 0xb5;
		snprintf((char *)f.data() + 14, 46, "sendpath vfio frame %llu", (unsigned long long)i);
		out.push_back(f);
	}
	what = std::to_string(n) + " test frames";
	return true;
}

bool write_pcap(const std::string &path, const std::vector<std::vector<uint8_t>> &frames)
{
	FILE *f = fopen(path.c_str(), "wb");
	if (!f)
		return false;
	uint32_t gh[6] = {0xa1b2c3d4, 0x00040002, 0, 0, 65535, 1}; // classic pcap, LINKTYPE_ETHERNET
	fwrite(gh, 4, 6, f);
	uint32_t t = 0;
	for (auto &fr : frames) {
		uint32_t rh[4] = {t++, 0, (uint32_t)fr.size(), (uint32_t)fr.size()};
		fwrite(rh, 4, 4, f);
		fwrite(fr.data(), 1, fr.size(), f);
	}
	return fclose(f) == 0;
}

struct Session {
	std::unique_ptr<VfioDevice> dev;
	std::unique_ptr<Regs> regs;
	std::unique_ptr<LiveNic> nic;
};

// Opens BDF (all refusals happen here, before any VFIO call) and builds its personality.
int open_session(const std::string &bdf, bool send, uint32_t queue, Session &s)
{
	PciDev d;
	std::string err;
	if (!pci_get(bdf, d, err)) {
		fprintf(stderr, "sendpath-cli vfio: %s\n", err.c_str());
		return 2;
	}
	std::string why = pci_refusal(d);
	if (!why.empty()) {
		fprintf(stderr, "sendpath-cli vfio: %s\n", why.c_str());
		return 2;
	}
	s.dev = VfioDevice::open(d);
	bool ice = d.known->personality == Personality::ICE;
	s.regs = std::make_unique<Regs>(*s.dev, ice ? IceNic::reg_list() : E1000eNic::reg_list(),
					std::string(ice ? "ice " : "e1000e ") + d.bdf);
	s.regs->set_inspect_only(!send);
	if (ice)
		s.nic = std::make_unique<IceNic>(*s.regs, *s.dev, queue);
	else
		s.nic = std::make_unique<E1000eNic>(*s.regs, *s.dev);
	printf("%s (%s)\n", s.dev->info.c_str(), d.known->name);
	return 0;
}

int cmd_list(const Args &a)
{
	auto devs = pci_list();
	Json j;
	j.begin_arr();
	if (!a.has("--json"))
		printf("%-13s %-9s %-5s %-12s %-5s %s\n", "BDF", "ID", "CLASS", "DRIVER", "GROUP",
		       "LIVE MODE");
	for (auto &d : devs) {
		bool net = (d.pci_class >> 16) == 0x02;
		if (!a.has("--all") && !net && !d.known)
			continue;
		std::string why = pci_refusal(d);
		std::string status = !d.known	   ? "unknown device id"
				     : why.empty() ? std::string("ready (") + d.known->name + ")"
						   : why.substr(0, why.find(':'));
		if (d.known && !why.empty()) {
			if (!d.driver.empty() && d.driver != "vfio-pci")
				status = std::string(d.known->name) + ": bound to " + d.driver +
					 ", bind to vfio-pci first";
			else if (d.iommu_group < 0)
				status = std::string(d.known->name) + ": no IOMMU group";
			else
				status = std::string(d.known->name) + ": not bound, bind to vfio-pci";
		}
		char id[16];
		snprintf(id, sizeof id, "%04x:%04x", d.vendor, d.device);
		if (a.has("--json")) {
			j.begin_obj()
			    .kv("bdf", d.bdf)
			    .kv("id", id)
			    .kv("class", (unsigned)d.pci_class)
			    .kv("driver", d.driver)
			    .kv("iommu_group", (int64_t)d.iommu_group)
			    .kv("known", d.known ? d.known->name : "")
			    .kv("ready", d.known && why.empty())
			    .end_obj();
		} else {
			printf("%-13s %-9s %06x %-12s %-5s %s\n", d.bdf.c_str(), id, d.pci_class,
			       d.driver.empty() ? "-" : d.driver.c_str(),
			       d.iommu_group < 0 ? "-" : std::to_string(d.iommu_group).c_str(),
			       status.c_str());
		}
	}
	j.end_arr();
	if (a.has("--json"))
		printf("%s\n", j.text().c_str());
	else if (devs.empty())
		printf("(no PCI devices under /sys/bus/pci/devices)\n");
	return 0;
}

int cmd_send(const Args &a)
{
	if (a.pos.size() != 1) {
		fprintf(stderr, "sendpath-cli vfio send: give exactly one PCI address (BDF)\n");
		return 2;
	}
	uint64_t ring = 0, timeout = 2000, queue = 0;
	if (a.has("--ring-size") && !parse_size(a.get("--ring-size"), ring)) {
		fprintf(stderr, "sendpath-cli vfio send: --ring-size must be a number\n");
		return 2;
	}
	if (a.has("--timeout-ms") &&
	    (!parse_size(a.get("--timeout-ms"), timeout) || !timeout || timeout > 600000)) {
		fprintf(stderr, "sendpath-cli vfio send: --timeout-ms must be 1..600000\n");
		return 2;
	}
	if (a.has("--queue") && (!parse_size(a.get("--queue"), queue) || queue >= ice::MAX_TXQ)) {
		fprintf(stderr, "sendpath-cli vfio send: --queue must be 0..16383\n");
		return 2;
	}
	std::vector<std::vector<uint8_t>> frames;
	std::string what;
	if (!build_frames(a, frames, what))
		return 2;
	Session s;
	int rc = open_session(a.pos[0], true, (uint32_t)queue, s);
	if (rc)
		return rc;
	SendOptions opt;
	opt.ring_size = ring ? (uint32_t)ring : 64u;
	opt.timeout_ms = timeout;
	opt.unmap_before_doorbell = a.has("--unmap-before-doorbell");
	uint16_t cmd0 = s.dev->command();
	s.dev->bus_master(true);
	printf("PCI COMMAND 0x%04x -> 0x%04x (bus master on); IOVA ranges:", cmd0, s.dev->command());
	for (auto &[lo, hi] : s.dev->iova_ranges)
		printf(" 0x%" PRIx64 "-0x%" PRIx64, lo, hi);
	printf("\n");
	s.nic->bring_up(opt.ring_size);
	if (auto *ice = dynamic_cast<IceNic *>(s.nic.get()))
		for (auto &l : ice->log)
			printf("ice: %s\n", l.c_str());
	printf("%s: TX ring of %u descriptors at IOVA 0x%" PRIx64 "; sending %zu frames (%s)\n",
	       s.nic->name(), s.nic->size(), s.nic->ring().iova, frames.size(), what.c_str());
	std::unique_ptr<LiveTrace> tr;
	if (a.has("--trace"))
		tr = std::make_unique<LiveTrace>("vfio:" + s.dev->pci().bdf + " " + what, s.nic->name(),
						 s.nic->size(), s.nic->ring().iova);
	SendResult res = send_frames(*s.nic, *s.dev, frames, opt, tr.get(), [&](const FrameReport &f) {
		printf("frame %u: desc %u len %u  tail %u  head %u -> %u  write-back %s  %s (%" PRIu64
		       " us)\n",
		       f.frame, f.slot, f.len, f.tail, f.head_before, f.head_after,
		       s.nic->describe(f.now).c_str(), f.done ? "done" : "NOT DONE", f.us);
	});
	std::string counters = s.nic->counters();
	s.nic->shut_down();
	if (!counters.empty())
		printf("device counters: %s\n", counters.c_str());
	if (tr) {
		std::string err;
		if (!tr->save(a.get("--trace"), err)) {
			fprintf(stderr, "sendpath-cli vfio send: %s\n", err.c_str());
			return 2;
		}
		printf("trace: %s (%zu steps; open it in the app or `sendpath-cli trace`)\n",
		       a.get("--trace").c_str(), tr->trace()->size());
	}
	if (!res.ok) {
		fprintf(stderr, "sendpath-cli vfio send: %s\n", res.error.c_str());
		size_t done = 0;
		for (auto &f : res.frames)
			done += f.done;
		printf("result: FAILED, %zu of %zu frames written back\n", done, frames.size());
		return 1;
	}
	printf("result: %zu frames sent, every descriptor written back\n", res.frames.size());
	return 0;
}

int cmd_vfio_ring(const Args &a)
{
	if (a.pos.size() != 1) {
		fprintf(stderr, "sendpath-cli vfio ring: give exactly one PCI address (BDF)\n");
		return 2;
	}
	uint64_t queue = 0;
	if (a.has("--queue") && (!parse_size(a.get("--queue"), queue) || queue >= ice::MAX_TXQ)) {
		fprintf(stderr, "sendpath-cli vfio ring: --queue must be 0..16383\n");
		return 2;
	}
	Session s;
	int rc = open_session(a.pos[0], false, (uint32_t)queue, s);
	if (rc)
		return rc;
	LiveRing r = s.nic->inspect();
	r.bdf = s.dev->pci().bdf;
	if (a.has("--json")) {
		Json j;
		j.begin_obj()
		    .kv("bdf", r.bdf)
		    .kv("personality", r.personality)
		    .kv("size", r.size)
		    .kv("head", r.head);
		if (r.tail_known)
			j.kv("tail", r.tail);
		if (r.base_known)
			j.kv("base", r.base);
		j.key("registers").begin_obj();
		for (auto &[n, v] : r.regs)
			j.kv(n, v);
		j.end_obj().kv("note", r.note).end_obj();
		printf("%s\n", j.text().c_str());
	} else {
		printf("%s %s: size %u  HW head %u", r.personality.c_str(), r.bdf.c_str(), r.size, r.head);
		if (r.tail_known)
			printf("  tail %u  in flight %u", r.tail,
			       r.size ? (r.tail + r.size - r.head) % r.size : 0);
		if (r.base_known)
			printf("  base 0x%" PRIx64, r.base);
		printf("\n");
		for (auto &[n, v] : r.regs)
			printf("  %-22s 0x%08x\n", n.c_str(), v);
		if (!r.note.empty())
			printf("note: %s\n", r.note.c_str());
		printf("note: vfio-pci resets the function when it is opened, so a ring another process "
		       "left is seen after that reset; `vfio send --trace` records the ring while it runs\n");
	}
	return 0;
}

} // namespace

int cmd_vfio(int argc, char **argv)
{
	if (argc < 3 || !strcmp(argv[2], "-h") || !strcmp(argv[2], "--help")) {
		vfio_usage(argc < 3 ? stderr : stdout);
		return argc < 3 ? 2 : 0;
	}
	std::string sub = argv[2];
	Args a;
	if (!a.parse(argc, argv, 3, {"--json", "--all", "--unmap-before-doorbell"},
		     {"--frames", "--scenario", "--kernel", "--trace", "--ring-size", "--timeout-ms",
		      "--queue", "--pcap"})) {
		fprintf(stderr, "sendpath-cli vfio %s: %s\n", sub.c_str(), a.err.c_str());
		return 2;
	}
	try {
		if (sub == "list")
			return cmd_list(a);
		if (sub == "send")
			return cmd_send(a);
		if (sub == "ring")
			return cmd_vfio_ring(a);
		if (sub == "frames") {
			std::vector<std::vector<uint8_t>> frames;
			std::string what;
			if (!a.has("--pcap")) {
				fprintf(stderr, "sendpath-cli vfio frames: --pcap OUT.pcap is required\n");
				return 2;
			}
			if (!build_frames(a, frames, what))
				return 2;
			if (!write_pcap(a.get("--pcap"), frames)) {
				fprintf(stderr, "sendpath-cli vfio frames: cannot write %s\n",
					a.get("--pcap").c_str());
				return 2;
			}
			printf("%zu frames (%s) -> %s\n", frames.size(), what.c_str(),
			       a.get("--pcap").c_str());
			return 0;
		}
	} catch (const VfioError &e) {
		fprintf(stderr, "sendpath-cli vfio %s: %s\n", sub.c_str(), e.what());
		return 1;
	}
	fprintf(stderr, "sendpath-cli vfio: unknown subcommand '%s'\n", sub.c_str());
	vfio_usage(stderr);
	return 2;
}
