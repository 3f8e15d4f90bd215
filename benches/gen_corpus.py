#!/usr/bin/env python3
"""Generate a large synthetic JSONL corpus for the end-to-end `netral scan` bench.

The corpus is not committed: it is made from templates of Indonesian posts
(neutral office talk, news, traps, partisan calls, likes and shares), with
random names, numbers, emoji and obfuscations, so it has the mix of lengths
and scripts real exports have.

    python3 benches/gen_corpus.py 1000 > /tmp/corpus.jsonl    # about 1000 MB
    /usr/bin/time -v target/release/netral scan -q --threads 2 /tmp/corpus.jsonl > /dev/null
"""
import json
import random
import sys

NEUTRAL = [
    "Rekan2, rapat evaluasi kinerja triwulan {n} diundur ke hari {day} jam {h}.00 di aula {place} 🙏",
    "Alhamdulillah pelayanan KTP-el hari ini lancar, terima kasih tim {place} yg sdh kerja keras 💪",
    "Info: jatuh tempo PBB tahun ini tgl {n} Agustus, bisa bayar lewat QRIS atau kantor pos ya bapak ibu",
    "Selamat ulang tahun ke-{n} anakku sayang 🎂 semoga jadi anak soleh",
    "Menurut berita, Bawaslu {place} memproses {n} ASN yg diduga tidak netral. Hati2 rekan2.",
    "Jadwal debat paslon Pilkada {place}: {day} {n} Oktober jam 19.00 di TVRI, silakan ditonton.",
    "Garuda di dadaku 🇮🇩 nobar timnas lawan Vietnam di balai desa, bawa kopi sendiri ya",
    "Aamiin ya rabbal alamin, semoga cepat sembuh pak {name} 🤲",
    "Antrian poli gigi nomor {n} dari pagi blm dipanggil2 😩",
    "Kerja bakti RW 0{d} besok jam 7 pagi, bawa cangkul & karung ya bapak2",
]
PARTISAN = [
    "14 Feb jangan lupa coblos {party} nomor {n}, caleg kita {name} dapil {d} 🙏",
    "Pokoknya 0{d} menang satu putaran!! 🔥🔥 #PrabowoGibran2024",
    "Sedulur {place}, 27 November coblos paslon nomor urut {d} Pak {name}, wis jelas track recorde! ☝️",
    "G4nj4r M4hfud p4l1ng p4s, c0bl0s n0 3!! 🖤❤️",
    "A.M.I.N menang! perubahan hrs menang, salam satu jari ☝️",
    "Jgn pilih {party} lagi, udh cukup 5 thn dibohongi 🙄",
]
TARGETS = [
    ("@gerindra", "Gerindra menang! Coblos nomor 2 tanggal 14 Februari."),
    ("@kpu_ri", "Hari pemungutan suara 14 Februari 2024. Datang ke TPS ya!"),
    ("Relawan {name}", "Ayo menangkan paslon nomor {d} di Pilkada {place}!"),
    ("@detikcom", "Survei: elektabilitas tiga paslon bersaing ketat jelang pencoblosan."),
]
PARTIES = ["PKB", "Gerindra", "PDIP", "Golkar", "NasDem", "PKS", "PAN", "Demokrat", "PSI", "Perindo", "PPP"]
NAMES = ["Budi Santoso", "Siti Rahma", "Andi Pawelloi", "Yohanes Kelen", "Made Wirawan", "Rudi Hartono", "Dewi Lestari"]
PLACES = ["Sleman", "Kukar", "Makassar", "Medan", "Kupang", "Bekasi", "Padang", "Jayapura", "Banjar"]
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat"]


def fill(t, r):
    return t.format(n=r.randint(1, 30), d=r.randint(1, 5), h=r.randint(7, 15), day=r.choice(DAYS),
                    place=r.choice(PLACES), name=r.choice(NAMES), party=r.choice(PARTIES))


def main():
    megabytes = float(sys.argv[1]) if len(sys.argv) > 1 else 100.0
    r = random.Random(2024)
    out = sys.stdout
    written, i = 0, 0
    limit = int(megabytes * 1_000_000)
    while written < limit:
        i += 1
        roll = r.random()
        rec = {"id": f"g-{i}", "created_at": "2024-0%d-1%dT08:00:00+07:00" % (r.randint(1, 2), r.randint(0, 9)),
               "actor": {"id": f"asn-{r.randint(1, 99999)}", "agency": f"Dinas {r.randint(1, 40)} Kab. {r.choice(PLACES)}"},
               "platform": r.choice(["facebook", "instagram", "x", "tiktok"])}
        if roll < 0.75:
            rec.update(kind=r.choice(["post", "comment"]), text=fill(r.choice(NEUTRAL), r))
        elif roll < 0.9:
            rec.update(kind="post", text=fill(r.choice(PARTISAN), r))
        else:
            author, text = r.choice(TARGETS)
            rec.update(kind=r.choice(["like", "share", "follow"]), target={"author": fill(author, r), "text": fill(text, r)})
        line = json.dumps(rec, ensure_ascii=False) + "\n"
        out.write(line)
        written += len(line.encode("utf-8"))


if __name__ == "__main__":
    main()
