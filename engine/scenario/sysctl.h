// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
#include <string>

#include "net/tcp.h"

namespace sp
{
// Sets net.ipv4.* / net.core.* by name; false with err for an unknown name.
bool sysctl_set(tcp_sysctls &s, const std::string &name, long value, std::string &err);
// The three-value sysctls: tcp_wmem, tcp_rmem, tcp_mem.
bool sysctl_set_triple(tcp_sysctls &s, const std::string &name, const long v[3], std::string &err);
} // namespace sp
