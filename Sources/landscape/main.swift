import Landscape
print("hi")
