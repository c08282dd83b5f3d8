-- The retail_db schema of the relational source (MySQL 8 / MariaDB 10.5+).
-- Generated from src/core/mysql/schema.ts; `retail-pipeline seed-mysql` runs the same DDL.
-- Idempotent: every statement is IF NOT EXISTS.

CREATE DATABASE IF NOT EXISTS `retail_db` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

USE `retail_db`;

CREATE TABLE IF NOT EXISTS `customers` (
  `customer_id` VARCHAR(8) NOT NULL,
  `first_name` VARCHAR(100) NULL,
  `last_name` VARCHAR(100) NULL,
  `email` VARCHAR(255) NULL,
  `phone` VARCHAR(50) NULL,
  `address` VARCHAR(500) NULL,
  `created_date` TIMESTAMP NULL DEFAULT CURRENT_TIMESTAMP,
  `last_updated` TIMESTAMP NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  PRIMARY KEY (`customer_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `products` (
  `product_id` VARCHAR(8) NOT NULL,
  `product_name` VARCHAR(255) NULL,
  `category` VARCHAR(100) NULL,
  `price` DECIMAL(10,2) NULL,
  `description` TEXT NULL,
  `created_date` TIMESTAMP NULL DEFAULT CURRENT_TIMESTAMP,
  `last_updated` TIMESTAMP NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  PRIMARY KEY (`product_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `orders` (
  `order_id` VARCHAR(8) NOT NULL,
  `customer_id` VARCHAR(8) NULL,
  `order_date` TIMESTAMP NULL,
  `total_amount` DECIMAL(10,2) NULL,
  `status` VARCHAR(50) NULL,
  `payment_method` VARCHAR(50) NULL,
  `created_date` TIMESTAMP NULL DEFAULT CURRENT_TIMESTAMP,
  `last_updated` TIMESTAMP NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  PRIMARY KEY (`order_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `inventory` (
  `inventory_id` VARCHAR(8) NOT NULL,
  `product_id` VARCHAR(8) NULL,
  `quantity` INT NULL,
  `warehouse_id` VARCHAR(5) NULL,
  `last_updated` TIMESTAMP NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  PRIMARY KEY (`inventory_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `order_items` (
  `order_id` VARCHAR(8) NOT NULL,
  `product_id` VARCHAR(8) NOT NULL,
  `quantity` INT NULL,
  `unit_price` DECIMAL(10,2) NULL,
  `created_date` TIMESTAMP NULL DEFAULT CURRENT_TIMESTAMP,
  `last_updated` TIMESTAMP NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  PRIMARY KEY (`order_id`, `product_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
