# A resolver that is not the cluster's: answers every A question with the internet host's
# address. The lab shows a pod cannot reach it, because the node drops DNS to anything else.
import socket
import struct
import sys

address, answer = sys.argv[1], socket.inet_aton(sys.argv[2])
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind((address, 53))
while True:
    query, peer = sock.recvfrom(512)
    if len(query) < 12:
        continue
    end = 12
    while end < len(query) and query[end] != 0:
        end += query[end] + 1
    question = query[12:end + 5]
    header = query[:2] + struct.pack(">HHHHH", 0x8180, 1, 1, 0, 0)
    record = b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, 60, 4) + answer
    sock.sendto(header + question + record, peer)
