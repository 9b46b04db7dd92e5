// SPDX-License-Identifier: GPL-2.0-or-later
// The ice driver's device-level objects (drivers/net/ethernet/intel/ice/ice.h): PF, VSI, q_vector
// with its NAPI context, and the integration API (ice_probe / ice_remove) used by the scenario runner.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "drivers/ice/ice_txrx.h"
#include "hw/e810.h"
#include "sim/world.h"

namespace icem
{
// Model of struct napi_struct, reduced to what the TX completion path uses. NAPI polls run as sim
// events ("net_rx_action"), scheduled by the MSI-X handler.
struct napi_struct {
	std::string name; // "napi0"
	F<u8> scheduled;  // NAPI_STATE_SCHED
	int weight = NAPI_POLL_WEIGHT;
	F<u32> polls;
};
} // namespace icem

struct ice_pf;

struct ice_q_vector {
	unsigned v_idx = 0, reg_idx = 0;
	ice_vsi *vsi = nullptr;
	std::vector<ice_tx_ring *> tx; // ice_for_each_tx_ring
	icem::napi_struct napi;
	bool wb_on_itr = false;
	std::string name; // "ice-eth0-TxRx-0"
};

struct ice_vsi {
	ice_pf *back = nullptr;
	net_device *netdev = nullptr;
	std::vector<std::unique_ptr<ice_tx_ring>> tx_rings;
	std::vector<std::unique_ptr<ice_q_vector>> q_vectors;
	bool down = false; // ICE_VSI_DOWN
	bool is_pf = true; // vsi->type == ICE_VSI_PF
};

struct ice_pf {
	std::unique_ptr<hw::E810> hw;
	std::unique_ptr<ice_vsi> vsi;
	bool is_sw_lldp = false;	// port_info->qos_cfg.is_sw_lldp (FW LLDP agent disabled)
	bool switchdev_running = false; // ice_is_switchdev_running()
	bool carrier_ok = true;		// netif_carrier_ok()
};

struct ice_netdev_priv {
	ice_vsi *vsi = nullptr;
};

static inline ice_netdev_priv *netdev_priv(const net_device *dev)
{
	return (ice_netdev_priv *)dev->priv;
}

// Creates the emulated E810 and its net_device: features from cfg (SG, IP_CSUM, TSO/TSO6 when
// cfg.tso), gso_max_size 65536, tso_max_size 131072 (ICE_MAX_TSO_SIZE), netmem_tx=false, one TX ring
// ("ring<q>", cfg.ring_size descriptors) and netdev_queue ("txq<q>") per cfg.queues, the qdisc of
// cfg.qdisc on each queue, trace names via netdev_trace_register(). Sets world().dev if unset.
net_device *ice_probe(const DeviceConfig &cfg);
// Frees what ice_probe created: in-flight skbs (ice_clean_tx_ring), DMA mappings, rings, the device,
// the netdev_queues and the net_device. Clears world().dev if it pointed to dev.
void ice_remove(net_device *dev);

ice_pf *ice_netdev_to_pf(const net_device *dev);
ice_tx_ring *ice_tx_ring_of(const net_device *dev, unsigned q);
hw::E810 *ice_hw(const net_device *dev);

// MSI-X handler of a TX/RX vector: schedules NAPI.
void ice_msix_clean_rings(ice_q_vector *q_vector);
void ice_enable_interrupt(ice_q_vector *q_vector);
