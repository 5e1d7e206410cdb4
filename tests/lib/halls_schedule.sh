# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by the tests that need a conference of many halls: writes a frab
# schedule.xml of N halls ("Hall 1" ... "Hall N") on 13 May 2026, Tehran
# time, to stdout. Every hall has talks at 09:00, 10:00, 11:00, 14:00 and
# 15:00 (a lunch gap of 2 h 15 min between 11:45 and 14:00).
#
#   halls_schedule N [v2]   v2: the organisers' second version: Hall 2's
#                           11:00 talk is gone (cancelled) and its 14:00
#                           talk moved to Hall 3
#
# Must not: depend on anything but a POSIX shell and awk.

halls_schedule() {
	awk -v n="$1" -v v="${2:-v1}" 'BEGIN {
		split("Building fonts that read right to left|Packaging for Debian, the long way|" \
		      "What is new in HarfBuzz|Open maps for every city|Rust for embedded screens|" \
		      "Bidirectional text without tears|A year of reproducible builds|" \
		      "Accessibility in the terminal|SQLite as an application file|" \
		      "Community translation at scale|Keeping old hardware useful|" \
		      "Calendars, time zones and other lies", t, "|")
		split("09:00 10:00 11:00 14:00 15:00", st, " ")
		split("45 50 45 45 45", du, " ")
		print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
		print "<schedule><version>" v "</version><conference><acronym>halls" n "</acronym>"
		print "<title>Halls " n "</title><start>2026-05-13</start><end>2026-05-13</end>"
		print "<days>1</days><time_zone_name>Asia/Tehran</time_zone_name></conference>"
		print "<day index=\"1\" date=\"2026-05-13\">"
		for (h = 1; h <= n; h++) {
			print "<room name=\"Hall " h "\">"
			for (k = 1; k <= 5; k++) {
				room = "Hall " h
				if (v == "v2" && h == 2 && k == 3)
					continue
				if (v == "v2" && h == 2 && k == 4)
					room = "Hall 3"
				id = h * 10 + k
				printf "<event id=\"%d\" guid=\"halls-%d-%d\">", id, h, k
				printf "<date>2026-05-13T%s:00+03:30</date>", st[k]
				printf "<start>%s</start><duration>00:%s</duration>", st[k], du[k]
				printf "<room>%s</room><title>%s</title>", room, t[(h + k) % 12 + 1]
				printf "<track>Track %d</track><type>lecture</type><language>en</language>", k
				printf "<persons><person id=\"%d\">Speaker %d</person></persons>", id, id
				printf "<url>https://example.org/halls/talk/%d/</url></event>\n", id
			}
			print "</room>"
		}
		print "</day></schedule>"
	}'
}
