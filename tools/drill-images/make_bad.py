# Writes the drill sites' hostile images: a decompression bomb, a truncated PNG, a page posing as an image, an
# animated GIF. Run from this folder after make.sh has rendered card.png.
import struct, zlib

def chunk(kind, data):
    return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)

# A PNG whose header declares 60000 x 60000 pixels over a few hundred bytes.
ihdr = struct.pack('>IIBBBBB', 60000, 60000, 8, 0, 0, 0, 0)
idat = zlib.compress(b'\x00' * 60001 * 4, 9)
open('bomb.png', 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', ihdr) + chunk(b'IDAT', idat) + chunk(b'IEND', b''))

card = open('card.png', 'rb').read()
open('truncated.png', 'wb').write(card[:len(card) * 2 // 5])
open('notimage.png', 'wb').write('<!DOCTYPE html><html><body>图片不存在</body></html>'.encode())

# Two 2x2 frames in a looping GIF (NETSCAPE2.0 application extension).
def frame(colour):
    control = b'\x21\xf9\x04\x00\x0a\x00\x00\x00'
    descriptor = b'\x2c' + struct.pack('<HHHH', 0, 0, 2, 2) + b'\x00'
    return control + descriptor + bytes([2, 2, 0x8c if colour == 0 else 0x9c, 0x05, 0])

header = b'GIF89a' + struct.pack('<HH', 2, 2) + b'\x80\x00\x00' + b'\x00\x00\x00\xff\xff\xff'
loop = b'\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00'
open('animated.gif', 'wb').write(header + loop + frame(0) + frame(1) + b'\x3b')
