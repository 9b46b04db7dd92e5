// SPDX-License-Identifier: GPL-2.0-or-later
// The Fast Open client's cookie: net/ipv4/tcp_fastopen.c (tcp_fastopen_cookie_check) and the
// Fast Open part of net/ipv4/tcp_metrics.c (tcp_fastopen_cache_get/_set). The cookie a server
// gave (in a SYN-ACK) is kept per destination with the server's MSS; the next Fast Open SYN to
// that destination carries the cookie and data, without a cookie it asks for one.
#include "net/ipv4/tcp_priv.h"
#include "net/socket_api.h"
#include "net/tcp.h"
#include "sim/world.h"

using namespace sp;

void tcp_fastopen_cache_get(sock *sk, u16 *mss, tcp_fastopen_cookie *cookie)
{
	SP_FN("%s", sk->name.c_str());
	auto &cache = socklayer().tcp_fastopen_cache;
	auto it = cache.find(sk->skc_daddr); // tcp_get_metrics(sk, dst, false)
	if (it == cache.end()) {
		SP_LINE("tcp_fastopen_cache_get:cookie", -1, "no tcp_metrics entry for the destination");
		return;
	}
	const tcp_fastopen_metrics &tfom = it->second;
	if (tfom.mss)
		*mss = tfom.mss;
	*cookie = tfom.cookie;
	if (cookie->len <= 0 && tfom.try_exp == 1)
		cookie->exp = true;
	SP_LINE("tcp_fastopen_cache_get:cookie", cookie->len, "cached cookie of %d bytes%s, mss %u",
		(int)cookie->len, cookie->exp ? " (experimental option)" : "", (unsigned)tfom.mss);
}

void tcp_fastopen_cache_set(sock *sk, u16 mss, const tcp_fastopen_cookie *cookie, bool syn_lost, u16 try_exp)
{
	SP_FN("%s mss=%u cookie_len=%d", sk->name.c_str(), (unsigned)mss, cookie ? (int)cookie->len : -1);
	tcp_fastopen_metrics &tfom = socklayer().tcp_fastopen_cache[sk->skc_daddr]; // create
	if (mss)
		tfom.mss = mss;
	if (cookie && cookie->len > 0)
		tfom.cookie = *cookie;
	else if (try_exp > tfom.try_exp && tfom.cookie.len <= 0 && !tfom.cookie.exp)
		tfom.try_exp = try_exp;
	if (syn_lost) {
		++tfom.syn_loss;
		tfom.last_syn_loss = sim().jiffies();
	} else {
		tfom.syn_loss = 0;
	}
	SP_LINE("tcp_fastopen_cache_set:stored", tfom.cookie.len, "destination now: cookie %d bytes, mss %u",
		(int)tfom.cookie.len, (unsigned)tfom.mss);
}

// Can this SYN carry data? Only with a cached cookie (or the no-cookie sysctl bit).
bool tcp_fastopen_cookie_check(sock *sk, u16 *mss, tcp_fastopen_cookie *cookie)
{
	SP_FN("%s", sk->name.c_str());
	tcp_fastopen_cache_get(sk, mss, cookie);
	// Model: tcp_fastopen_active_should_disable() (the blackhole detector) never triggers: no
	// middlebox drops the model's Fast Open SYNs.
	if (sysctl().tcp_fastopen & TFO_CLIENT_NO_COOKIE) {
		cookie->len = -1;
		SP_LINE("tcp_fastopen_cookie_check:ok", 1,
			"tcp_fastopen has the no-cookie bit: data without cookie");
		SP_RET(true);
	}
	bool ok = cookie->len > 0;
	SP_LINE("tcp_fastopen_cookie_check:ok", ok, "%s",
		ok ? "a cached cookie: the SYN carries data" : "no cookie: a plain SYN asks for one");
	SP_RET(ok);
}
