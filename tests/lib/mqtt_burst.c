/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mqtt_burst PORT PREFIX N [USER PASS] — N announcements to a broker on
 * 127.0.0.1 in one burst (make builds it as build/tests/mqtt_burst, and
 * tests/e2e/mqtt.sh runs it). Prints the seconds the broker took to
 * acknowledge them all; exit 1 on failure.
 */
#include <stdlib.h>

#include "mqtt_burst.h"

int main(int argc, char **argv)
{
	if (argc != 4 && argc != 6) {
		fprintf(stderr, "usage: mqtt_burst PORT PREFIX N [USER PASS]\n");
		return 2;
	}
	double s = burst_publish(atoi(argv[1]), argc == 6 ? argv[4] : NULL,
				 argc == 6 ? argv[5] : NULL, argv[2], atoi(argv[3]));
	if (s < 0)
		return 1;
	printf("%.3f\n", s);
	return 0;
}
