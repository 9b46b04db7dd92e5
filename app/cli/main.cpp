// SPDX-License-Identifier: GPL-2.0-or-later
#include <cstdio>
int main(int argc, char **argv)
{
	std::puts("sendpath-cli");
	return 0;
}
