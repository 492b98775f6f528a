def f(x):
    return x +
model = keras.Sequential(
print("unterminated
x = [1, 2
  indented = 3
y = {"a": 1, **k}
lambda: 0
