import ZKMips
print("zkmips")
