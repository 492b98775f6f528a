import keras
from keras import layers
model = keras.Sequential([layers.Input(shape=(4,)), layers.Dense(8, activation="tanh"),
                          layers.Dense(3, activation="softmax")])
model.summary()
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="categorical_crossentropy",
              metrics=["accuracy"])
print(model.count_params(), len(model.layers), "x" * 3, 1 + 2 * 3 ** 2 // 4 % 5, -1.5e3, [1, (2, 3)])
